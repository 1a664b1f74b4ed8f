package dev.rowgate.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers: every value is bound as a parameter, never concatenated into SQL. */
public final class Jdbc {

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Jdbc() {}

    public static <T> List<T> query(Tx tx, String sql, RowMapper<T> mapper, Object... args) {
        return query(tx, sql, false, mapper, args);
    }

    /**
     * As {@link #query}, but PostgreSQL plans the statement for these values at every run: it stays a one-shot
     * (unnamed) statement, never a prepared one whose generic plan assumes an average value. For a query whose best
     * plan depends on how common a value is: at 10 M links the planner expects 1,378 links into a domain, and the most
     * linked-to one has 1.3 M (docs/v2-tables.md). SQLite plans without value statistics either way.
     */
    public static <T> List<T> queryPlannedForValues(Tx tx, String sql, RowMapper<T> mapper, Object... args) {
        return query(tx, sql, true, mapper, args);
    }

    private static <T> List<T> query(Tx tx, String sql, boolean planForValues, RowMapper<T> mapper, Object... args) {
        try {
            PreparedStatement ps = prepare(tx, sql);
            if (planForValues && ps.isWrapperFor(org.postgresql.PGStatement.class)) {
                ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
            }
            boolean clean = false;
            try {
                bind(ps, args);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(mapper.map(rs));
                }
                clean = true;
                return out;
            } finally {
                finish(tx, ps, clean);
            }
        } catch (SQLException e) {
            throw new StoreException("query failed: " + firstLine(sql), e);
        }
    }

    /**
     * Runs a query and hands each row to {@code each} as it is read, never holding the whole result: for results too big
     * to keep (a precomputed v2 answer of 200,000 rows). PostgreSQL's driver reads a whole result into memory unless it
     * reads through a cursor, which needs a transaction and a fetch size (pgJDBC, "Getting results based on a cursor");
     * on a connection in autocommit mode the query runs in a read transaction of its own. SQLite steps row by row anyway.
     */
    public static void forEachRow(Tx tx, String sql, RowMapper<?> each, Object... args) {
        java.sql.Connection c = tx.connection();
        try {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(1_000);
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) each.map(rs);
                }
            } finally {
                if (autoCommit) c.setAutoCommit(true); // ends the read transaction
            }
        } catch (SQLException e) {
            throw new StoreException("query failed: " + firstLine(sql), e);
        }
    }

    public static <T> Optional<T> one(Tx tx, String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(tx, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public static long count(Tx tx, String sql, Object... args) {
        return one(tx, sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    public static int update(Tx tx, String sql, Object... args) {
        try {
            PreparedStatement ps = prepare(tx, sql);
            boolean clean = false;
            try {
                bind(ps, args);
                int changed = ps.executeUpdate();
                clean = true;
                return changed;
            } finally {
                finish(tx, ps, clean);
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) throw new DuplicateKeyException(firstLine(sql), e);
            throw new StoreException("update failed: " + firstLine(sql), e);
        }
    }

    /** Runs an INSERT ... RETURNING id (both SQLite 3.35+ and PostgreSQL) and returns the new id. */
    public static long insert(Tx tx, String sql, Object... args) {
        try {
            PreparedStatement ps = prepare(tx, sql + " RETURNING id");
            boolean clean = false;
            try {
                bind(ps, args);
                long id;
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new StoreException("insert returned no id: " + firstLine(sql), null);
                    id = rs.getLong(1);
                }
                clean = true;
                return id;
            } finally {
                finish(tx, ps, clean);
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) throw new DuplicateKeyException(firstLine(sql), e);
            throw new StoreException("insert failed: " + firstLine(sql), e);
        }
    }

    /** Runs one statement for each argument list as a JDBC batch (one round trip per batch on PostgreSQL). */
    public static void batch(Tx tx, String sql, java.util.Collection<Object[]> rows) {
        if (rows.isEmpty()) return;
        try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
            for (Object[] args : rows) {
                bind(ps, args);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            if (isUniqueViolation(e)) throw new DuplicateKeyException(firstLine(sql), e);
            throw new StoreException("batch failed: " + firstLine(sql) + ": " + e.getMessage(), e);
        }
    }

    public static void execute(Tx tx, String sql) {
        try (Statement st = tx.connection().createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new StoreException("statement failed: " + firstLine(sql), e);
        }
    }

    /** The connection's cached statement for sql (SQLite), or a new one; either way given back by {@link #finish}. */
    private static PreparedStatement prepare(Tx tx, String sql) throws SQLException {
        return tx.statements() == null ? tx.connection().prepareStatement(sql) : tx.statements().acquire(sql);
    }

    /** Closes an uncached statement; gives a cached one back (kept after a clean use, closed after a failed one). */
    private static void finish(Tx tx, PreparedStatement ps, boolean clean) throws SQLException {
        if (tx.statements() == null) ps.close();
        else tx.statements().release(ps, clean);
    }

    /** A nullable BIGINT column as a Long. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** A nullable boolean column (BOOLEAN on PostgreSQL, INTEGER on SQLite) as a Boolean. */
    public static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            switch (a) {
                case null -> ps.setNull(i + 1, Types.NULL);
                case Long l -> ps.setLong(i + 1, l);
                case Integer n -> ps.setInt(i + 1, n);
                case Boolean b -> ps.setBoolean(i + 1, b);
                case String s -> ps.setString(i + 1, s);
                case byte[] bytes -> ps.setBytes(i + 1, bytes);
                case Enum<?> e -> ps.setString(i + 1, e.name().toLowerCase(java.util.Locale.ROOT));
                default -> ps.setObject(i + 1, a);
            }
        }
    }

    /** PostgreSQL reports SQLState 23505; SQLite reports SQLITE_CONSTRAINT_UNIQUE (2067) or PRIMARYKEY (1555). */
    static boolean isUniqueViolation(SQLException e) {
        if ("23505".equals(e.getSQLState())) return true;
        return e instanceof org.sqlite.SQLiteException s
                && (s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    }

    private static String firstLine(String sql) {
        String s = sql.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
