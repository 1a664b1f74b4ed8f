package dev.rowgate.store;

/** A database failure with no meaning for the caller other than "the database did not do it". */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
