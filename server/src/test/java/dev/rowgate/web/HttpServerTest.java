package dev.rowgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.config.Config;
import dev.rowgate.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpServerTest {

    @Test
    void stopWhenRequestInFlightThenItFinishesBeforeTheServerStops() throws Exception {
        Config config = ConfigLoader.load(null, Map.of(), Map.of("listen.port", "0", "shutdown.grace", "20s"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = new HttpServer(config, new Metrics(), List.of(routes -> routes.get("/test/slow", ctx -> {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
            ctx.result("finished");
        }))).start();
        String url = "http://127.0.0.1:" + server.port() + "/test/slow";

        CompletableFuture<HttpResponse<String>> inFlight = dev.rowgate.testing.Http.client()
                .sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);

        assertThat(stopping).isNotDone();
        release.countDown();

        HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("finished");
        stopping.get(20, TimeUnit.SECONDS);
    }

    /**
     * Javalin builds its per-request configuration during the first request, in Kotlin lazies that are not safe when
     * several first requests arrive at once (an NPE in UnsafeLazyImpl, answered 500): CrashIT saw it on a node
     * restarted under load. Each round starts a server, connects 16 sockets, and sends a request on all of them at once.
     */
    @Test
    void manyFirstRequestsAtOnceAreAllAnswered() throws Exception {
        for (int round = 0; round < 5; round++) {
            Config config = ConfigLoader.load(null, Map.of(), Map.of("listen.port", "0", "shutdown.grace", "1s"));
            HttpServer server = new HttpServer(config, new Metrics(), List.of(routes -> routes.get("/test/ok", ctx -> ctx.result("ok")))).start();
            try {
                List<java.net.Socket> sockets = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) sockets.add(new java.net.Socket("127.0.0.1", server.port()));
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<String>> statusLines = new java.util.ArrayList<>();
                for (var socket : sockets) {
                    statusLines.add(CompletableFuture.supplyAsync(() -> firstStatusLine(socket, go), java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
                }
                go.countDown();
                for (var statusLine : statusLines) assertThat(statusLine.get(20, TimeUnit.SECONDS)).as("round " + round).startsWith("HTTP/1.1 200");
                for (var socket : sockets) socket.close();
            } finally {
                server.stop();
            }
        }
    }

    private static String firstStatusLine(java.net.Socket socket, CountDownLatch go) {
        try {
            byte[] request = "GET /test/ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            go.await();
            socket.getOutputStream().write(request);
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
