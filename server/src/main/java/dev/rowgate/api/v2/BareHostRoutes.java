package dev.rowgate.api.v2;

import dev.rowgate.web.HttpServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The v2 API at {@code /} for clients that call a bare host (issue 5: "served at /v2/, and at / on a separate listen
 * port or host name when configured, so that clients that call a bare host work unchanged"). A request is the API's
 * when it came in on the {@code api.port} listener, or names {@code api.host} in its Host header on the main port.
 * There, {@code /} and {@code /v2/} are the v2 API and {@code /healthz} answers load balancers; every other path is
 * 404, so sign-in pages and OAuth endpoints never appear under the API's origin.
 */
public final class BareHostRoutes implements HttpServer.RouteGroup {

    /** Paths an API request may take besides {@code /}. */
    private static final Set<String> ALSO_SERVED = Set.of("/v2", "/v2/", "/healthz");

    private final V2Endpoint v2;
    private final Optional<String> apiHost;

    public BareHostRoutes(V2Endpoint v2, Optional<String> apiHost) {
        this.v2 = Objects.requireNonNull(v2, "v2");
        this.apiHost = Objects.requireNonNull(apiHost, "apiHost");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.before(ctx -> {
            if (!forTheApi(ctx)) return;
            String path = ctx.path();
            if (path.isEmpty() || path.equals("/")) {
                if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.POST) throw new MethodNotAllowedResponse();
                ctx.attribute(HttpServer.ROUTE, "/ (v2)");
                v2.handle(ctx);
                ctx.skipRemainingHandlers();
            } else if (!ALSO_SERVED.contains(path)) {
                throw new NotFoundResponse();
            }
        });
    }

    private boolean forTheApi(Context ctx) {
        if (HttpServer.onApiListener(ctx)) return true;
        // getServerName() is the Host header's name without its port (RFC 9110 §7.2).
        return apiHost.isPresent() && apiHost.get().equals(ctx.req().getServerName().toLowerCase(Locale.ROOT));
    }
}
