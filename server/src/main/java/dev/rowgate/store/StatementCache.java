package dev.rowgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared statements of one SQLite connection, kept by SQL text for reuse. sqlite-jdbc compiles the SQL again on
 * every {@code prepareStatement} (it has no cache of its own, unlike pgjdbc's server-side prepared statements), and a
 * profile of a cold bearer validation showed that compilation at 23% of the call.
 *
 * <p>Not thread-safe, and needs not be: a pooled connection serves one thread at a time, and so does its cache. The
 * statements belong to the physical connection and are closed with it, or when evicted: the least recently used past
 * {@link #CAPACITY} (v2 filters make many distinct SQL texts), and any whose use failed. A statement is handed out
 * to one use at a time; a nested use of the same SQL (a row mapper querying again) gets a statement of its own,
 * closed after it.
 */
public final class StatementCache {

    static final int CAPACITY = 128;

    private final Connection physical;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= CAPACITY || inUse.containsKey(eldest.getValue())) return false;
            closeQuietly(eldest.getValue());
            return true;
        }
    };
    /** Statements handed out and not yet given back, with their SQL. */
    private final Map<PreparedStatement, String> inUse = new IdentityHashMap<>();

    StatementCache(Connection physical) {
        this.physical = physical;
    }

    /** True once its connection is closed (then so are its statements). */
    boolean closed() {
        try {
            return physical.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** The statement for sql, prepared on first use; give it back with {@link #release}. */
    PreparedStatement acquire(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps != null && inUse.containsKey(ps)) return physical.prepareStatement(sql); // nested: its own, closed by release
        if (ps == null || ps.isClosed()) {
            ps = physical.prepareStatement(sql);
            statements.put(sql, ps);
        }
        inUse.put(ps, sql);
        return ps;
    }

    /**
     * Gives a statement back. After a clean use (its result set closed, so SQLite has reset it and it holds no read
     * snapshot) only its bound values go; after a failed one, which may leave it in any state, it is closed.
     */
    void release(PreparedStatement ps, boolean clean) {
        String sql = inUse.remove(ps);
        if (sql == null) { // a nested use's own statement
            closeQuietly(ps);
            return;
        }
        if (clean) {
            try {
                ps.clearParameters();
                return;
            } catch (SQLException e) {
                // fall through: a statement that cannot be cleared is not reused
            }
        }
        statements.remove(sql, ps);
        closeQuietly(ps);
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // Closing frees native memory; a failure here leaves nothing the connection's own close won't free.
        }
    }
}
