package dev.rowgate.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code GET /assets/{name}}: the pages' stylesheet and script, read from the class path once, at start.
 *
 * <p>A route of its own rather than Javalin's static-file handler: that handler builds a Jetty resource handler of its
 * own, 10% of the start-up's main thread for two files (bench/README.md, "Start-up"). Answers carry a strong
 * {@code ETag} (RFC 9110 §8.8.3) and honour {@code If-None-Match} with 304 (RFC 9110 §13.1.2); Javalin gzips them
 * like any answer.
 */
public final class Assets implements HttpServer.RouteGroup {

    /** Every file under {@code src/main/resources/assets}, with its media type. */
    static final Map<String, String> FILES = Map.of(
            "rowgate.css", "text/css; charset=utf-8",
            "copy.js", "text/javascript; charset=utf-8");

    private record Asset(byte[] body, String contentType, String etag) {}

    private final Map<String, Asset> assets;

    public Assets() {
        var loaded = new java.util.HashMap<String, Asset>();
        FILES.forEach((name, type) -> {
            byte[] body = read("/assets/" + name);
            loaded.put(name, new Asset(body, type, "\"" + HexFormat.of().formatHex(sha256(body), 0, 16) + "\""));
        });
        this.assets = Map.copyOf(loaded);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/assets/{name}", this::serve);
    }

    private void serve(Context ctx) {
        Asset asset = assets.get(ctx.pathParam("name"));
        if (asset == null) {
            ctx.status(404); // ErrorMapping answers it like any other missing page
            return;
        }
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("ETag", asset.etag());
        if (matches(ctx.header("If-None-Match"), asset.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.body());
    }

    /** RFC 9110 §13.1.2: "*" or a list of entity tags, compared weakly. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals("*") || t.equals(etag)) return true;
        }
        return false;
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing class-path resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
