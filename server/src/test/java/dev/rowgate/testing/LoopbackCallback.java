package dev.rowgate.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An app's redirect URI for browser tests: {@code http://127.0.0.1:<free port>/callback}, served in-process. It
 * records the raw query of every request and answers a page titled "callback ok".
 */
public final class LoopbackCallback implements AutoCloseable {

    private static final byte[] PAGE = "<!DOCTYPE html><title>callback ok</title><link rel=\"icon\" href=\"data:,\"><p id=\"result\">callback ok</p>".getBytes(StandardCharsets.UTF_8);

    private final HttpServer http;
    private final List<String> queries = new CopyOnWriteArrayList<>();

    public LoopbackCallback() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/callback", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            queries.add(query == null ? "" : query);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, PAGE.length);
            try (var body = exchange.getResponseBody()) {
                body.write(PAGE);
            }
        });
        http.start();
    }

    public String uri() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/callback";
    }

    /** The decoded query parameters of the one request the callback got (fails when it got none, or several). */
    public Map<String, String> onlyQuery() {
        if (queries.size() != 1) throw new AssertionError("expected one request to " + uri() + ", got " + queries);
        return Browser.query("?" + queries.getFirst());
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
