package dev.rowgate.faults;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Clients that keep sending requests from virtual threads while a test breaks the database under them. Every answer
 * is recorded with the phase (e.g. "up", "down-fast") in which its request started and the one in which it ended, so
 * a test can tell an answer given while the database was surely away from one that straddled a change. Tests wait
 * on the record with a bounded deadline, never by sleeping.
 */
final class Load implements AutoCloseable {

    /** One request and its answer; {@code failure} is set instead of a status when no answer came (a timeout). */
    record Outcome(String kind, String startPhase, String endPhase, int status, HttpResponse<String> response, long ms, String failure) {
        boolean during(String phase) {
            return startPhase.equals(phase) && endPhase.equals(phase);
        }

        @Override
        public String toString() {
            String body = response == null ? "" : response.body();
            if (body.length() > 300) body = body.substring(0, 300) + "...";
            return kind + " [" + startPhase + "->" + endPhase + "] " + (failure != null ? failure : status + " " + body) + " (" + ms + " ms)";
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition recorded = lock.newCondition();
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile String phase = "up";
    private volatile boolean running = true;

    private final long started = System.nanoTime();
    private final StringBuilder timeline = new StringBuilder();

    void phase(String name) {
        phase = name;
        timeline.append(String.format(" %.1fs %s", (System.nanoTime() - started) / 1e9, name));
    }

    /** When each phase began, seconds since the start: for the test's output. */
    String timeline() {
        return timeline.toString().strip();
    }

    /** Starts a client that sends {@code request} again and again until {@link #close()}. */
    void drive(String kind, Supplier<HttpResponse<String>> request) {
        threads.add(Thread.ofVirtual().name("load-" + kind).start(() -> {
            while (running) {
                String start = phase;
                long t0 = System.nanoTime();
                HttpResponse<String> r = null;
                String failure = null;
                try {
                    r = request.get();
                } catch (RuntimeException e) {
                    failure = "no answer: " + e.getMessage();
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                record(new Outcome(kind, start, phase, r == null ? 0 : r.statusCode(), r, ms, failure));
            }
        }));
    }

    private void record(Outcome o) {
        lock.lock();
        try {
            outcomes.add(o);
            recorded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the answers so far satisfy the condition; fails the test with them when the deadline passes. */
    void await(String what, Duration timeout, Predicate<List<Outcome>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!condition.test(outcomes)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + "; last answers:\n" + tail());
                recorded.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many answers of a kind, started and ended in a phase, pass a check. */
    static long count(List<Outcome> outcomes, String kind, String phase, Predicate<Outcome> check) {
        return outcomes.stream().filter(o -> o.kind().equals(kind) && o.during(phase)).filter(check).count();
    }

    List<Outcome> outcomes() {
        lock.lock();
        try {
            return List.copyOf(outcomes);
        } finally {
            lock.unlock();
        }
    }

    private String tail() {
        List<Outcome> last = outcomes.subList(Math.max(0, outcomes.size() - 12), outcomes.size());
        StringBuilder sb = new StringBuilder();
        for (Outcome o : last) sb.append("  ").append(o).append('\n');
        return sb.toString();
    }

    /** Stops the clients after their current request (each is bounded by its HTTP timeout). */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                if (!t.join(Duration.ofSeconds(90))) throw new AssertionError(t.getName() + " did not stop within 90 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
