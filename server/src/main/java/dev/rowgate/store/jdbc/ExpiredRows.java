package dev.rowgate.store.jdbc;

import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;

/**
 * The one statement that differs by dialect for expiring tables: choosing a bounded batch of rows. Small batches keep
 * each delete's (or clearing update's) lock short so that cleanup never stalls the token endpoint. On PostgreSQL,
 * SKIP LOCKED lets the cleanup of several nodes work side by side without waiting on one another's rows.
 */
final class ExpiredRows {

    private ExpiredRows() {}

    static int delete(Tx tx, Dialect dialect, String table, long cutoff, int limit) {
        return delete(tx, dialect, table, "id", cutoff, limit);
    }

    static int delete(Tx tx, Dialect dialect, String table, String key, long cutoff, int limit) {
        return Jdbc.update(tx, "DELETE FROM " + table + " WHERE " + key + " IN (" + batch(dialect, table, key, "expires_at < ?") + ")",
                cutoff, limit);
    }

    /**
     * Sets columns on at most limit rows that meet a condition of one parameter (before the limit): for rows that stay
     * but lose what expired in them, e.g. {@code set} "replay_body = NULL".
     */
    static int clear(Tx tx, Dialect dialect, String table, String set, String condition, Object value, int limit) {
        return Jdbc.update(tx, "UPDATE " + table + " SET " + set + " WHERE id IN (" + batch(dialect, table, "id", condition) + ")",
                value, limit);
    }

    /** The keys of at most ? rows meeting the condition; PostgreSQL skips the rows another node's cleanup has locked. */
    private static String batch(Dialect dialect, String table, String key, String condition) {
        String select = "SELECT " + key + " FROM " + table + " WHERE " + condition + " LIMIT ?";
        return dialect == Dialect.POSTGRES ? select + " FOR UPDATE SKIP LOCKED" : select;
    }
}
