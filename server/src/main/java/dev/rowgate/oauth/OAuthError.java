package dev.rowgate.oauth;

/**
 * The fixed catalogue of OAuth error codes Rowgate answers with: the code, a public description that never varies
 * (so nothing internal reaches the client), and the HTTP status of a direct (non-redirect) response.
 * Sources: RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3.1, RFC 7009 §2.2.1, RFC 8628 §3.5.
 */
public enum OAuthError {
    INVALID_REQUEST("invalid_request", "The request is missing a parameter, repeats one, or is otherwise malformed.", 400),
    INVALID_CLIENT("invalid_client", "Client authentication failed.", 401),
    INVALID_GRANT("invalid_grant", "The authorization grant or refresh token is invalid, expired, revoked, or was issued to another client.", 400),
    UNAUTHORIZED_CLIENT("unauthorized_client", "The client is not authorized to use this grant or response type.", 400),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", "The grant type is not supported.", 400),
    UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type", "The response type is not supported.", 400),
    INVALID_SCOPE("invalid_scope", "The requested scope is invalid or exceeds the scope granted.", 400),
    ACCESS_DENIED("access_denied", "The user denied the request.", 400),
    SERVER_ERROR("server_error", "The server met an unexpected condition.", 500),
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", "The server is temporarily unable to handle the request.", 503),
    UNSUPPORTED_TOKEN_TYPE("unsupported_token_type", "The token type is not supported.", 400),
    AUTHORIZATION_PENDING("authorization_pending", "The user has not yet completed the authorization.", 400),
    SLOW_DOWN("slow_down", "Polling too fast; increase the interval by 5 seconds.", 400),
    EXPIRED_TOKEN("expired_token", "The device code has expired.", 400),
    INVALID_TOKEN("invalid_token", "The access token is missing, invalid, expired or revoked.", 401);

    private final String code;
    private final String description;
    private final int status;

    OAuthError(String code, String description, int status) {
        this.code = code;
        this.description = description;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    public int status() {
        return status;
    }

    /** With a detail for logs and tests; the client sees only {@link #code()} and {@link #description()}. */
    public OAuthException because(String detail) {
        return new OAuthException(this, detail);
    }
}
