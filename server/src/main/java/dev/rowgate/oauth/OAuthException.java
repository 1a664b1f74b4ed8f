package dev.rowgate.oauth;

import java.util.Objects;

/**
 * An OAuth error with a detail. The detail says what exactly was wrong ("authorization code already used"); it goes
 * to the DEBUG log and to tests, never to the client (fosite WithDebug, Nimbus ErrorObject).
 */
public final class OAuthException extends RuntimeException {

    private final OAuthError error;

    public OAuthException(OAuthError error, String detail) {
        super(detail, null, false, false); // no stack trace: these are expected outcomes, not bugs
        this.error = Objects.requireNonNull(error, "error");
    }

    public OAuthError error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }
}
