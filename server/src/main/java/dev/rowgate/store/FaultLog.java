package dev.rowgate.store;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator that the database refuses work and why, once when it starts (and every minute while it lasts),
 * not once per request, and once when it works again. One per role (reads, writes): on a full disk reads go on.
 * Costs a volatile read on the path of a request that succeeded.
 */
final class FaultLog {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final long REPEAT_MS = 60_000;

    private record State(DatabaseFault fault, long since, long loggedAt, long failures) {}

    private final String role;
    private final AtomicReference<State> state = new AtomicReference<>();

    FaultLog(String role) {
        this.role = role;
    }

    void failed(DatabaseFault fault, String message) {
        long now = System.currentTimeMillis();
        while (true) {
            State s = state.get();
            boolean fresh = s == null || s.fault() != fault;
            boolean due = fresh || now - s.loggedAt() >= REPEAT_MS;
            State next = fresh ? new State(fault, now, now, 1) : new State(fault, s.since(), due ? now : s.loggedAt(), s.failures() + 1);
            if (!state.compareAndSet(s, next)) continue;
            if (fresh) {
                log.warn("{}; {} fail with 503 (Retry-After) until it recovers", message, role);
            } else if (due) {
                log.warn("{}; {} have failed {} times in {} s", message, role, next.failures(), (now - next.since()) / 1000);
            }
            return;
        }
    }

    void succeeded() {
        State s = state.get();
        if (s != null && state.compareAndSet(s, null)) {
            log.info("database: {} work again after {} s ({} failed while the database {})", role,
                    (System.currentTimeMillis() - s.since()) / 1000, s.failures(), s.fault().description());
        }
    }

    /** The fault of the last attempt, or null when it succeeded. */
    DatabaseFault current() {
        State s = state.get();
        return s == null ? null : s.fault();
    }
}
