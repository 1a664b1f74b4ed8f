package dev.rowgate.accounts;

import dev.rowgate.store.Tx;

/** Failed-login counters per key ("account:EMAIL" or "ip:ADDRESS"). */
public interface ThrottleStore {

    record State(int failures, long lockedUntil) {}

    State get(Tx tx, String key);

    /** Counts one more failure and returns the new count (atomic upsert). */
    int recordFailure(Tx tx, String key, long now);

    void lockUntil(Tx tx, String key, long lockedUntil);

    void clear(Tx tx, String key);
}
