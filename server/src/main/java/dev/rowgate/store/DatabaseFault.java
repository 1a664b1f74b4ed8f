package dev.rowgate.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.sqlite.SQLiteException;

/**
 * Why the database did not do some work, when that is nobody's request's fault and will pass: the server is away or
 * restarting, the disk is full, the file or its file system is read-only, every connection is busy. Each is answered
 * 503 with {@code Retry-After} (RFC 9110 §15.6.4) instead of a 500 or, worse, an answer about the request ("invalid
 * token" for a valid token). Anything else (a bug, a corrupt file) stays a 500.
 */
public enum DatabaseFault {
    UNREACHABLE("is unreachable"),
    READ_ONLY("is read-only"),
    DISK_FULL("is out of disk space"),
    IO_ERROR("has a disk I/O error"),
    BUSY("is busy");

    /** PostgreSQL SQLSTATEs (Appendix A) of a server that is shutting down, restarting, or not accepting yet. */
    private static final Set<String> PG_GOING_AWAY = Set.of("57P01", "57P02", "57P03", "57P05");

    private final String description;

    DatabaseFault(String description) {
        this.description = description;
    }

    /** For operator messages: "database: sqlite:/data/rowgate.db " + description, e.g. "is out of disk space". */
    public String description() {
        return description;
    }

    /** The fault behind an exception (walking its causes), or null when it is not one of these. */
    public static DatabaseFault of(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 20; c = c.getCause(), depth++) {
            if (c instanceof DatabaseUnavailableException d && d.fault() != null) return d.fault();
            if (c instanceof SQLException e) {
                DatabaseFault f = ofSql(e);
                if (f != null) return f;
            }
        }
        return null;
    }

    private static DatabaseFault ofSql(SQLException e) {
        if (e instanceof SQLiteException s) return ofSqlite(s.getResultCode().code & 0xff);
        String state = e.getSQLState();
        if (state != null) {
            if (state.startsWith("08") || PG_GOING_AWAY.contains(state)) return UNREACHABLE; // connection exception class
            if (state.equals("53100")) return DISK_FULL;
            if (state.startsWith("53")) return BUSY; // insufficient resources: out of memory, too many connections
            if (state.equals("25006")) return READ_ONLY; // a standby, or default_transaction_read_only
            if (state.equals("58030")) return IO_ERROR;
        }
        // HikariCP's "connection is not available, request timed out": the last failure to connect is its cause when
        // the server is away (classified by the caller's walk); without one every connection was simply in use.
        if (e instanceof SQLTransientConnectionException && e.getCause() == null) return BUSY;
        return null;
    }

    /** SQLite primary result codes (https://sqlite.org/rescode.html); extended codes carry them in the low byte. */
    private static DatabaseFault ofSqlite(int primary) {
        return switch (primary) {
            case 5, 6 -> BUSY; // SQLITE_BUSY past busy_timeout, SQLITE_LOCKED
            case 8 -> READ_ONLY; // SQLITE_READONLY
            case 10 -> IO_ERROR; // SQLITE_IOERR: EIO, but also EPERM/EROFS on write; Database looks at the file to tell
            case 13 -> DISK_FULL; // SQLITE_FULL
            case 14 -> UNREACHABLE; // SQLITE_CANTOPEN: the file or its folder went away
            default -> null;
        };
    }
}
