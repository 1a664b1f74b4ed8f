package dev.rowgate.store;

/** An insert or update hit a unique constraint (the same on SQLite and PostgreSQL). */
public final class DuplicateKeyException extends RuntimeException {
    public DuplicateKeyException(String statement, Throwable cause) {
        super("unique constraint violated: " + statement, cause);
    }
}
