package dev.rowgate.web;

import dev.rowgate.InvalidInputException;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.OAuthException;
import dev.rowgate.store.DatabaseFault;
import dev.rowgate.store.DatabaseUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into HTTP. Input problems become 400 with a JSON error; a database that is
 * away, full or read-only ({@link DatabaseFault}) becomes 503 with Retry-After; anything unexpected becomes 500
 * {@code {"error":"server_error"}} with the stack trace in the log and nothing internal sent. Later endpoints add their
 * own catalogues (OAuth errors, v2 API errors) here.
 */
public final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    static void install(RoutesConfig routes) {
        routes.exception(OAuthException.class, (e, ctx) -> {
            OAuthError error = e.error();
            log.debug("oauth error {} on {} {}: {}", error.code(), ctx.method(), ctx.path(), e.detail());
            if (error == OAuthError.INVALID_CLIENT) {
                // RFC 6749 §5.2: 401 with the authentication scheme the client may use.
                ctx.header("WWW-Authenticate", "Basic realm=\"rowgate\", charset=\"UTF-8\"");
            } else if (error == OAuthError.INVALID_TOKEN) {
                ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + error.description() + "\"");
            }
            NoStore.apply(ctx);
            json(ctx, error.status(), Map.of("error", error.code(), "error_description", error.description()));
        });
        routes.exception(InvalidInputException.class, (e, ctx) ->
                json(ctx, 400, Map.of("error", "invalid_request", "error_description", e.getMessage())));
        // The database's state, not the request's fault: Database has logged what is wrong, once.
        routes.exception(DatabaseUnavailableException.class, (e, ctx) -> unavailable(ctx));
        routes.exception(Exception.class, (e, ctx) -> {
            if (DatabaseFault.of(e) != null) {
                log.warn("database unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                unavailable(ctx);
                return;
            }
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            json(ctx, 500, Map.of("error", "server_error"));
        });
        // Javalin answers unmatched paths in plain text; every Rowgate error body is JSON unless a page set its own.
        routes.error(404, "*", ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || type.startsWith("text/plain")) json(ctx, 404, Map.of("error", "not_found"));
        });
        routes.error(405, "*", ctx -> json(ctx, 405, Map.of("error", "method_not_allowed")));
    }

    /** Seconds a client should wait before retrying while the database is away, full or read-only. */
    public static final String RETRY_AFTER_SECONDS = "5";

    /**
     * 503 with Retry-After (RFC 9110 §15.6.4): the request may well succeed later, so it is not answered as a 500 or
     * as a verdict on the request. JSON in the OAuth error shape ({@code temporarily_unavailable}, the code RFC 6749
     * §4.1.2.1 gives this case), or an HTML page for a browser.
     */
    static void unavailable(Context ctx) {
        ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        NoStore.apply(ctx);
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/html")) {
            PAGES.render(ctx, 503, "error.jte", new ErrorPage("Rowgate is temporarily unavailable",
                    "It cannot use its database just now. Please try again in a few seconds."));
        } else {
            json(ctx, 503, Map.of("error", "temporarily_unavailable",
                    "error_description", "The service is temporarily unavailable; retry after a few seconds."));
        }
    }

    private static final Pages PAGES = new Pages();

    static void json(Context ctx, int status, Map<String, ?> body) {
        ctx.status(status).json(body);
    }
}
