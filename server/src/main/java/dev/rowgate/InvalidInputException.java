package dev.rowgate;

/** Input that a person typed (a flag, a form field) and that cannot be used; the message says which and why. */
public final class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
