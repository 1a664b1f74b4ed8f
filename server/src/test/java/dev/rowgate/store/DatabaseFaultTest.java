package dev.rowgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Which failures are the database's state (503, Retry-After) and which stay a 500: a table of named cases. */
class DatabaseFaultTest {

    static Stream<Arguments> cases() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        return Stream.of(
                Arguments.of("PostgreSQL refuses the connection", refused, DatabaseFault.UNREACHABLE),
                Arguments.of("a pooled connection dropped (I/O error)", new SQLException("An I/O error occurred", "08006"), DatabaseFault.UNREACHABLE),
                Arguments.of("fast shutdown: admin_shutdown", new SQLException("terminating connection due to administrator command", "57P01"), DatabaseFault.UNREACHABLE),
                Arguments.of("immediate shutdown: crash_shutdown", new SQLException("terminating connection", "57P02"), DatabaseFault.UNREACHABLE),
                Arguments.of("starting up: cannot_connect_now", new SQLException("the database system is starting up", "57P03"), DatabaseFault.UNREACHABLE),
                Arguments.of("HikariCP timeout after a refused connection",
                        new SQLTransientConnectionException("rowgate - Connection is not available, request timed out after 5000ms", "08001", refused),
                        DatabaseFault.UNREACHABLE),
                Arguments.of("HikariCP timeout with every connection in use",
                        new SQLTransientConnectionException("rowgate - Connection is not available, request timed out after 5000ms"), DatabaseFault.BUSY),
                Arguments.of("PostgreSQL disk full", new SQLException("could not extend file", "53100"), DatabaseFault.DISK_FULL),
                Arguments.of("too many connections", new SQLException("sorry, too many clients already", "53300"), DatabaseFault.BUSY),
                Arguments.of("a standby", new SQLException("cannot execute INSERT in a read-only transaction", "25006"), DatabaseFault.READ_ONLY),
                Arguments.of("SQLite disk full", sqlite(SQLiteErrorCode.SQLITE_FULL), DatabaseFault.DISK_FULL),
                Arguments.of("SQLite read-only file", sqlite(SQLiteErrorCode.SQLITE_READONLY), DatabaseFault.READ_ONLY),
                Arguments.of("SQLite write refused by the file system", sqlite(SQLiteErrorCode.SQLITE_IOERR_WRITE), DatabaseFault.IO_ERROR),
                Arguments.of("SQLite busy past busy_timeout", sqlite(SQLiteErrorCode.SQLITE_BUSY), DatabaseFault.BUSY),
                Arguments.of("SQLite file gone", sqlite(SQLiteErrorCode.SQLITE_CANTOPEN), DatabaseFault.UNREACHABLE),
                Arguments.of("wrapped by the store", new StoreException("query failed: SELECT 1", sqlite(SQLiteErrorCode.SQLITE_FULL)), DatabaseFault.DISK_FULL),
                Arguments.of("already classified", new DatabaseUnavailableException(DatabaseFault.READ_ONLY, "database: x is read-only", null), DatabaseFault.READ_ONLY),
                // Not the database's state: a bug or bad data stays a 500, a duplicate stays what its caller makes of it.
                Arguments.of("SQL syntax error", new SQLException("syntax error at or near", "42601"), null),
                Arguments.of("unique violation", new SQLException("duplicate key value", "23505"), null),
                Arguments.of("SQLite corrupt file", sqlite(SQLiteErrorCode.SQLITE_CORRUPT), null),
                Arguments.of("SQLite constraint", sqlite(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE), null),
                Arguments.of("no SQL at all", new IllegalStateException("boom"), null),
                Arguments.of("open failure without a fault", new DatabaseUnavailableException("database: cannot open x", null), null));
    }

    private static SQLiteException sqlite(SQLiteErrorCode code) {
        return new SQLiteException(code.message, code);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifiesByCause(String name, Throwable failure, DatabaseFault expected) {
        assertThat(DatabaseFault.of(failure)).isEqualTo(expected);
    }
}
