package dev.rowgate.store;

import java.sql.Connection;

/**
 * One database transaction, passed explicitly to every store method that takes part in it, so that atomicity is
 * visible at the call site (fosite's MaybeBeginTx, without hiding the transaction in a thread-local). On SQLite it
 * carries the connection's {@link StatementCache}, which {@link Jdbc} prepares through.
 */
public record Tx(Connection connection, StatementCache statements) {

    /** A transaction without statement reuse: each statement is prepared and closed (PostgreSQL, tools). */
    public Tx(Connection connection) {
        this(connection, null);
    }
}
