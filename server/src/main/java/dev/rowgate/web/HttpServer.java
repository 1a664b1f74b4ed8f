package dev.rowgate.web;

import dev.rowgate.config.Config;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Javalin 7 on Jetty 12 with virtual threads. Owns the server's life: start on the configured address, and a
 * graceful stop (no new connections, in-flight requests finish within shutdown.grace) on SIGTERM.
 */
public final class HttpServer {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final Logger access = LoggerFactory.getLogger("rowgate.access");

    /** A feature's routes; each feature package contributes one (the only route table is {@link Routes}). */
    @FunctionalInterface
    public interface RouteGroup {
        void register(io.javalin.config.RoutesConfig routes);
    }

    private final Config config;
    private final Javalin javalin;

    public HttpServer(Config config, Metrics metrics, List<RouteGroup> groups) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(metrics, "metrics");
        this.javalin = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            c.http.maxRequestSize = 1_000_000;
            c.http.prefer405over404 = true;
            // gzip when the client asks for it (api-v2.md); answers under 1,500 bytes go as they are. Javalin's default
            // today, set here so that an upgrade cannot drop it silently (V2GzipTest checks it over HTTP).
            c.http.compressionStrategy = io.javalin.compression.CompressionStrategy.GZIP;
            // The main connector first (Javalin's port() is the first connector's), then the API's own when
            // api.port is set; its requests carry API_LISTENER so that BareHostRoutes can serve the v2 API at /.
            c.jetty.addConnector((server, http) -> connector(server, http, config.host(), config.port(), false));
            config.apiPort().ifPresent(apiPort -> c.jetty.addConnector((server, http) -> connector(server, http, config.host(), apiPort, true)));
            c.jetty.modifyServer(server -> {
                // Jetty 12 stops gracefully only with a GracefulHandler in the chain: it refuses new requests
                // and waits up to the stop timeout for the ones in flight.
                server.setStopTimeout(config.shutdownGrace().toMillis());
                server.setStopAtShutdown(false);
                server.setErrorHandler(new JettyErrors());
            });
            c.jetty.modifyServletContextHandler(handler -> {
                handler.insertHandler(new GracefulHandler());
                handler.insertHandler(new FirstRequestGate());
            });
            c.requestLogger.http((ctx, ms) -> {
                String route = routeOf(ctx);
                metrics.recordRequest(ctx, route, ms);
                // Never the query string: the legacy ?token= form would put a token in the log.
                access.atInfo()
                        .addKeyValue("method", ctx.method().name())
                        .addKeyValue("path", ctx.path())
                        .addKeyValue("route", route)
                        .addKeyValue("status", ctx.statusCode())
                        .addKeyValue("ms", Math.round(ms * 100) / 100.0)
                        .addKeyValue("ip", ctx.ip())
                        .log("{} {} {}", ctx.method().name(), ctx.path(), ctx.statusCode());
            });
            ErrorMapping.install(c.routes);
            // Read every request body before any handler can answer early (an error, a 405): bytes left unread on a
            // keep-alive connection make Jetty close it under the client's next request. Javalin caches the body,
            // so handlers that read it pay nothing more; over http.maxRequestSize it is a 413.
            c.routes.before(ctx -> {
                if (ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null) ctx.bodyAsBytes();
            });
            for (RouteGroup g : groups) g.register(c.routes);
        });
    }

    /** A request attribute set on requests that arrived on the api.port listener. */
    public static final String API_LISTENER = "rowgate.api-listener";
    /** A request attribute naming the route for metrics and the access log when a before-handler answered it. */
    public static final String ROUTE = "rowgate.route";

    private static ServerConnector connector(Server server, HttpConfiguration http, String host, int port, boolean api) {
        HttpConfiguration own = new HttpConfiguration(http);
        if (api) {
            own.addCustomizer((request, responseHeaders) -> {
                request.setAttribute(API_LISTENER, Boolean.TRUE);
                return request;
            });
        }
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(own));
        connector.setName(api ? "api" : "main");
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** True when the request came in on the api.port listener. */
    public static boolean onApiListener(Context ctx) {
        return ctx.req().getAttribute(API_LISTENER) != null;
    }

    private static String routeOf(Context ctx) {
        if (ctx.attribute(ROUTE) instanceof String route) return route;
        try {
            var endpoint = ctx.endpoint();
            // The last endpoint may be a before/after filter ("*") when no route matched.
            boolean route = endpoint != null && endpoint.method != HandlerType.BEFORE && endpoint.method != HandlerType.BEFORE_MATCHED
                    && endpoint.method != HandlerType.AFTER && endpoint.method != HandlerType.AFTER_MATCHED;
            return route ? endpoint.path : "unmatched";
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    public HttpServer start() {
        try {
            javalin.start();
        } catch (io.javalin.util.JavalinBindException e) {
            String api = config.apiPort().isPresent() ? " (or api.port " + config.apiPort().getAsInt() + ")" : "";
            throw new ListenException("http: cannot listen on " + config.host() + ":" + config.port() + api
                    + ": the port is in use or the address is not on this machine; pick another with --port or listen.port" + (api.isEmpty() ? "" : ", or api.port"), e);
        }
        log.info("http: listening on {}:{}", config.host(), javalin.port());
        if (apiPort() > 0) log.info("http: the v2 API listens on {}:{} (at / and /v2/)", config.host(), apiPort());
        return this;
    }

    /** The bound port of the api.port listener, or -1 when there is none. */
    public int apiPort() {
        for (var c : javalin.jettyServer().server().getConnectors()) {
            if ("api".equals(c.getName()) && c instanceof ServerConnector sc) return sc.getLocalPort();
        }
        return -1;
    }

    /** The bound port (useful with listen.port = 0). */
    public int port() {
        return javalin.port();
    }

    public void stop() {
        javalin.stop();
    }

    /** The server could not bind its address; the message is one line for the operator. */
    public static final class ListenException extends RuntimeException {
        ListenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
