package dev.rowgate.store;

import java.sql.Connection;

/**
 * One database transaction, passed explicitly to every store method that takes part in it, so that atomicity is
 * visible at the call site (fosite's MaybeBeginTx, without hiding the transaction in a thread-local).
 */
public record Tx(Connection connection) {}
