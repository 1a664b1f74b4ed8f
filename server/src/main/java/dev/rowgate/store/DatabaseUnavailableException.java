package dev.rowgate.store;

/**
 * The database cannot be opened or migrated, or it refused work for a reason that will pass ({@link DatabaseFault}:
 * away, read-only, full, busy). The message is one line fit for an operator; HTTP answers it with 503 and
 * {@code Retry-After}, the CLI prints it and exits 1.
 */
public final class DatabaseUnavailableException extends RuntimeException {

    private final DatabaseFault fault;

    public DatabaseUnavailableException(String message, Throwable cause) {
        this(null, message, cause);
    }

    public DatabaseUnavailableException(DatabaseFault fault, String message, Throwable cause) {
        super(message, cause);
        this.fault = fault;
    }

    /** Why, when the database refused work while running; null for a failure to open or migrate. */
    public DatabaseFault fault() {
        return fault;
    }
}
