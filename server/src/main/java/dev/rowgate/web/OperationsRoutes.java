package dev.rowgate.web;

import dev.rowgate.store.Database;
import dev.rowgate.store.DatabaseFault;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/** {@code GET /healthz} (is the database reachable) and {@code GET /metrics} (Prometheus text format). */
public final class OperationsRoutes implements HttpServer.RouteGroup {

    private final Database database;
    private final Metrics metrics;

    public OperationsRoutes(Database database, Metrics metrics) {
        this.database = database;
        this.metrics = metrics;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/healthz", ctx -> {
            ctx.header("Cache-Control", "no-store");
            String dialect = database.dialect().name().toLowerCase(java.util.Locale.ROOT);
            if (database.ping()) {
                // Reads work; writes may not (a full disk, a read-only file): still 200, since reads are served and
                // another node on the same database would fare no better, but say so, as of the last write.
                DatabaseFault writes = database.writeFault();
                Map<String, String> body = new java.util.LinkedHashMap<>();
                body.put("status", writes == null ? "ok" : "degraded");
                body.put("database", dialect);
                if (writes != null) body.put("reason", "writes fail: the database " + writes.description());
                ctx.json(body);
            } else {
                ctx.status(503).header("Retry-After", "5").json(Map.of("status", "unavailable", "reason", "database unreachable"));
            }
        });
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }
}
