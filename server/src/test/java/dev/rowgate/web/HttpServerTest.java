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
}
