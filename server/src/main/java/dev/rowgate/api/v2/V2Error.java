package dev.rowgate.api.v2;

/**
 * A v2 API error: answered with HTTP 200 and {@code {"error": message}} (api-v2.md: clients read the body whatever the
 * status). The messages clients compare literally are constants here.
 */
public final class V2Error extends RuntimeException {

    public static final String INVALID_TOKEN = "invalid token";
    public static final String INTEGRATION_LIMIT = "Integration limit is exceeded";

    public V2Error(String message) {
        super(message, null, false, false);
    }
}
