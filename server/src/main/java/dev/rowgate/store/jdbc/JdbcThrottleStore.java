package dev.rowgate.store.jdbc;

import dev.rowgate.accounts.ThrottleStore;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;

/** ThrottleStore in SQL that SQLite (3.35+) and PostgreSQL run alike: INSERT ... ON CONFLICT ... RETURNING. */
public final class JdbcThrottleStore implements ThrottleStore {

    @Override
    public State get(Tx tx, String key) {
        return Jdbc.one(tx, "SELECT failures, locked_until FROM login_throttle WHERE throttle_key = ?",
                rs -> new State(rs.getInt(1), rs.getLong(2)), key).orElse(new State(0, 0));
    }

    @Override
    public int recordFailure(Tx tx, String key, long now) {
        return Jdbc.one(tx, """
                INSERT INTO login_throttle (throttle_key, failures, last_failure_at, locked_until) VALUES (?, 1, ?, 0)
                ON CONFLICT (throttle_key) DO UPDATE SET failures = login_throttle.failures + 1, last_failure_at = excluded.last_failure_at
                RETURNING failures""", rs -> rs.getInt(1), key, now).orElseThrow();
    }

    @Override
    public void lockUntil(Tx tx, String key, long lockedUntil) {
        Jdbc.update(tx, "UPDATE login_throttle SET locked_until = ? WHERE throttle_key = ?", lockedUntil, key);
    }

    @Override
    public void clear(Tx tx, String key) {
        Jdbc.update(tx, "DELETE FROM login_throttle WHERE throttle_key = ?", key);
    }
}
