package dev.rowgate.store;

/** The database cannot be opened or migrated; the message is one line fit for an operator. */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
