package dev.rowgate.store.jdbc;

import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;

/**
 * The one statement that differs by dialect for expiring tables: deleting a bounded batch. Small batches keep each
 * delete's lock short so that cleanup never stalls the token endpoint. On PostgreSQL, SKIP LOCKED lets the
 * cleanup of several nodes work side by side without waiting on one another's rows.
 */
final class ExpiredRows {

    private ExpiredRows() {}

    static int delete(Tx tx, Dialect dialect, String table, long cutoff, int limit) {
        return delete(tx, dialect, table, "id", cutoff, limit);
    }

    static int delete(Tx tx, Dialect dialect, String table, String key, long cutoff, int limit) {
        String select = "SELECT " + key + " FROM " + table + " WHERE expires_at < ? LIMIT ?";
        if (dialect == Dialect.POSTGRES) select += " FOR UPDATE SKIP LOCKED";
        return Jdbc.update(tx, "DELETE FROM " + table + " WHERE " + key + " IN (" + select + ")", cutoff, limit);
    }
}
