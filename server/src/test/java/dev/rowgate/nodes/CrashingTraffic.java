package dev.rowgate.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.testing.Browser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An integration app that keeps working while nodes die under it, and keeps the books the crash test checks. Worker
 * threads each own some token families and loop over three operations: a new family (a code from the authorization
 * endpoint, exchanged), a refresh, and a metered v2 call ({@code domain_rating}: 2 rows). A request that gets no
 * answer (the node died, or was down) is "in doubt": it may or may not have taken effect. A careful client retries
 * it on a live node, and this one does: the same code (which then either works, or is refused because the lost
 * attempt consumed it), the same refresh token (the grace window gives back the same pair), and a metered call with
 * the same Idempotency-Key (charged once). Metered calls without a key are not retried, as a client cannot know
 * whether they were charged. New operations wait while a node restarts, which keeps the run short; a retry goes to
 * any live node at once (with several nodes, the survivor).
 */
final class CrashingTraffic {

    static final String TARGET = "site-0000.example";
    static final long CALL_COST = 2; // domain_rating: request price 1 + one result at 1

    /** One refresh chain as the client holds it: every access token received, the newest refresh token. */
    static final class Family {
        final List<String> accessTokens = new ArrayList<>();
        String refreshToken;

        void add(JsonNode pair) {
            accessTokens.add(pair.get("access_token").asText());
            refreshToken = pair.get("refresh_token").asText();
        }
    }

    private final Cluster cluster;
    private final Browser browser;
    private final Operator.App app;
    private final AppClient client;
    private final long seed;
    private final List<Thread> workers = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Family> families = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;

    final AtomicLong operations = new AtomicLong();
    /** Sum of X-Rows-Charged of the answered metered calls. */
    final AtomicLong rowsSeenCharged = new AtomicLong();
    /** Keyed calls in doubt whose retry was answered as a replay: charged by the lost attempt, shown as 0. */
    final AtomicLong replayedCalls = new AtomicLong();
    final AtomicLong keyedCallsInDoubt = new AtomicLong();
    /** Unkeyed calls in doubt, given up: each may or may not have been charged. */
    final AtomicLong unkeyedCallsInDoubt = new AtomicLong();
    final AtomicLong exchangesInDoubt = new AtomicLong();
    /** Exchanges whose lost attempt consumed the code: the retry is refused, and the pair nobody saw is revoked. */
    final AtomicLong codesLostToCrash = new AtomicLong();
    final AtomicLong refreshesInDoubt = new AtomicLong();

    CrashingTraffic(Cluster cluster, Browser browser, Operator.App app, long seed) {
        this.cluster = cluster;
        this.browser = browser;
        this.app = app;
        this.client = new AppClient(app);
        this.seed = seed;
    }

    void start(int threads) {
        for (int i = 0; i < threads; i++) {
            Random random = new Random(seed + 1 + i);
            workers.add(Thread.ofPlatform().name("traffic-" + i).start(() -> {
                try {
                    work(random);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
    }

    /** Waits until {@code count} operations are done in all (2 minutes at most), or a worker failed. */
    void awaitOperations(long count) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (operations.get() < count && failures.isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError("traffic stalled at " + operations.get() + " operations");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        rethrowFailure();
    }

    /** Lets every worker finish its operation (retries included), then reports the first failure. */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread t : workers) {
            if (!t.join(java.time.Duration.ofMinutes(2))) throw new AssertionError(t.getName() + " did not finish");
        }
        rethrowFailure();
    }

    private void rethrowFailure() {
        Throwable t = failures.peek();
        if (t instanceof Error e) throw e;
        if (t != null) throw new AssertionError(t);
    }

    private void work(Random random) throws IOException {
        List<Family> mine = new ArrayList<>();
        while (!stopping) {
            // A new operation waits for a restarted node; retries of one cut short by a crash go to any live node.
            cluster.awaitAllUp();
            double r = random.nextDouble();
            if (mine.isEmpty() || r < 0.2) {
                Family f = newFamily(random);
                if (f != null) mine.add(f);
            } else if (r < 0.45) {
                refresh(mine.get(random.nextInt(mine.size())), random);
            } else {
                metered(mine.get(random.nextInt(mine.size())), random);
            }
            operations.incrementAndGet();
        }
    }

    private Family newFamily(Random random) throws IOException {
        String code = untilAnswered(random, true, base -> AppClient.code(browser, base, app)).value();
        Answer<HttpResponse<String>> a = untilAnswered(random, true, base -> client.exchange(base, code));
        if (a.inDoubt()) exchangesInDoubt.incrementAndGet();
        HttpResponse<String> r = a.value();
        if (r.statusCode() == 200) {
            Family f = new Family();
            f.add(AppClient.json(r));
            families.add(f);
            return f;
        }
        if (a.inDoubt() && r.statusCode() == 400 && AppClient.json(r).get("error").asText().equals("invalid_grant")) {
            codesLostToCrash.incrementAndGet();
            return null;
        }
        throw new AssertionError("code exchange answered " + r.statusCode() + (a.inDoubt() ? " after a lost attempt: " : ": ") + r.body());
    }

    private void refresh(Family f, Random random) throws IOException {
        Answer<HttpResponse<String>> a = untilAnswered(random, true, base -> client.refresh(base, f.refreshToken));
        if (a.inDoubt()) refreshesInDoubt.incrementAndGet();
        HttpResponse<String> r = a.value();
        if (r.statusCode() != 200) {
            throw new AssertionError("refresh answered " + r.statusCode() + (a.inDoubt() ? " after a lost attempt: " : ": ") + r.body());
        }
        f.add(AppClient.json(r));
    }

    private void metered(Family f, Random random) throws IOException {
        // Any access token the family was given: a rotation leaves the earlier ones valid until they expire.
        String token = f.accessTokens.get(random.nextInt(f.accessTokens.size()));
        boolean keyed = random.nextBoolean();
        String key = keyed ? UUID.randomUUID().toString() : null;
        Answer<HttpResponse<String>> a = untilAnswered(random, keyed,
                base -> AppClient.v2(base, token, "from=domain_rating&target=" + TARGET, key));
        if (a.inDoubt()) (keyed ? keyedCallsInDoubt : unkeyedCallsInDoubt).incrementAndGet();
        HttpResponse<String> r = a.value();
        if (r == null) return; // unkeyed and in doubt: given up
        JsonNode body = AppClient.json(r);
        if (r.statusCode() != 200 || body.has("error")) throw new AssertionError("v2 answered " + r.statusCode() + ": " + r.body());
        long charged = Long.parseLong(r.headers().firstValue("X-Rows-Charged").orElseThrow());
        if (r.headers().firstValue("Idempotent-Replayed").isPresent()) {
            if (!a.inDoubt() || charged != 0) throw new AssertionError("unexpected replay (charged " + charged + ")");
            replayedCalls.incrementAndGet();
        } else {
            if (charged != CALL_COST) throw new AssertionError("charged " + charged + ": " + r.body());
            rowsSeenCharged.addAndGet(charged);
        }
    }

    /** The value of an answered request, and whether an earlier attempt got no answer. */
    private record Answer<T>(T value, boolean inDoubt) {}

    @FunctionalInterface
    private interface Request<T> {
        T send(String base) throws IOException;
    }

    /**
     * Sends to a live node until one answers. Any I/O failure counts as in doubt, even a refused connection: the HTTP
     * client may have retried a lost GET on its own. When {@code retry} is false, the first failure gives up (null).
     */
    private <T> Answer<T> untilAnswered(Random random, boolean retry, Request<T> request) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        boolean inDoubt = false;
        while (true) {
            try {
                return new Answer<>(request.send(cluster.anyLive(random)), inDoubt);
            } catch (IOException e) {
                inDoubt = true;
                if (!retry) return new Answer<>(null, true);
                if (System.nanoTime() > deadline) throw e;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the node is being marked down
            }
        }
    }
}
