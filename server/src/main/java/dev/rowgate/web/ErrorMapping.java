package dev.rowgate.web;

import dev.rowgate.InvalidInputException;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.OAuthException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into HTTP. Input problems become 400 with a JSON error; anything unexpected
 * becomes 500 {@code {"error":"server_error"}} with the stack trace in the log and nothing internal sent. Later
 * endpoints add their own catalogues (OAuth errors, v2 API errors) here.
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
        routes.exception(Exception.class, (e, ctx) -> {
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

    static void json(Context ctx, int status, Map<String, ?> body) {
        ctx.status(status).json(body);
    }
}
