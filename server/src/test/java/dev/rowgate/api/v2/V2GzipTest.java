package dev.rowgate.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.linkdata.Loader;
import dev.rowgate.linkdata.SampleWeb;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.Http;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * api-v2.md: "gzip when asked". Over HTTP, with the client's Accept-Encoding: v2 answers are gzipped when asked and
 * only then, decompress to exactly the plain answer in every output format, replays included; tiny answers (errors)
 * and the other endpoints keep working with a client that accepts gzip.
 */
class V2GzipTest extends AgainstServer {

    static String target;
    static Object loadedInto;

    /** One sample per server (the class runs once per database). */
    @BeforeEach
    void loadSample() throws Exception {
        if (loadedInto == server) return;
        loadedInto = server;
        Path folder = Files.createTempDirectory("v2gzip-");
        SampleWeb.Summary sample = SampleWeb.write(folder, 300, 5);
        new Loader(server.wiring().database(), server.wiring().stores().linkData()).load(List.of(sample.pagesFile(), sample.linksFile()), null);
        target = sample.exampleTarget();
    }

    private String key() {
        return server.wiring().apiKeys().create(server.user().account().id(), "gzip").secret();
    }

    private static HttpResponse<byte[]> get(String url, String acceptEncoding, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (acceptEncoding != null) b.header("Accept-Encoding", acceptEncoding);
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }

    private static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return Http.client().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body as the client reads it: gunzipped when the server says it is gzip. */
    private static String text(HttpResponse<byte[]> r) {
        boolean gzip = r.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
        if (!gzip) return new String(r.body(), StandardCharsets.UTF_8);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void v2AnswersAreGzippedWhenAskedInEveryFormatAndDecompressToThePlainAnswer() {
        String key = key();
        for (String output : List.of("json", "xml", "php")) {
            for (String table : List.of("backlinks", "backlinks_new_lost", "refdomains_by_type")) {
                String url = server.url("/v2/?token=" + key + "&from=" + table + "&target=" + target + "&mode=domain&limit=40&output=" + output);
                HttpResponse<byte[]> plain = get(url, null);
                HttpResponse<byte[]> zipped = get(url, "gzip, deflate, br");

                assertThat(plain.headers().firstValue("Content-Encoding")).as(url).isEmpty();
                assertThat(zipped.headers().firstValue("Content-Encoding")).as(url).contains("gzip");
                assertThat(zipped.headers().allValues("Vary")).as(url).anySatisfy(v -> assertThat(v).containsIgnoringCase("Accept-Encoding"));
                assertThat(zipped.body().length).as(url).isLessThan(plain.body().length / 2);
                assertThat(text(zipped)).as(url).isEqualTo(text(plain)).startsWith(output.equals("xml") ? "<?xml" : output.equals("php") ? "a:" : "{\"");
                // The rows headers are the same whatever the encoding.
                assertThat(zipped.headers().firstValue("X-Results-Count")).isEqualTo(plain.headers().firstValue("X-Results-Count"));
                assertThat(zipped.headers().firstValue("X-Rows-Charged")).isEqualTo(plain.headers().firstValue("X-Rows-Charged"));
                assertThat(zipped.headers().firstValue("Content-Type")).isEqualTo(plain.headers().firstValue("Content-Type"));
            }
        }
        assertThat(server.wiring().ledger().verify().clean()).isTrue();
    }

    @Test
    void postAndIdempotentReplaysAreGzippedToo() {
        String url = server.url("/v2/?token=" + key() + "&from=backlinks&target=" + target + "&mode=domain&limit=40");
        String idem = "gzip-" + Fixtures.next();
        HttpResponse<byte[]> first = send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("ignored"))
                .header("Accept-Encoding", "gzip").header("Idempotency-Key", idem).build());
        HttpResponse<byte[]> replay = get(url, "gzip", "Idempotency-Key", idem);

        assertThat(first.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(replay.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(text(replay)).isEqualTo(text(first)).startsWith("{\"refpages\":[{");
    }

    @Test
    void gzipOnlyWhenAcceptedAndNotForTinyAnswers() {
        String url = server.url("/v2/?token=" + key() + "&from=backlinks&target=" + target + "&mode=domain&limit=40");
        assertThat(get(url, "gzip;q=0").headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(get(url, "identity").headers().firstValue("Content-Encoding")).isEmpty();

        HttpResponse<byte[]> error = get(server.url("/v2/?token=nope&from=backlinks&target=" + target), "gzip");
        assertThat(error.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(text(error)).isEqualTo("{\"error\":\"invalid token\"}");
    }

    @Test
    void otherEndpointsStillAnswerAClientThatAcceptsGzip() {
        for (String path : List.of("/healthz", "/metrics", "/.well-known/oauth-authorization-server", "/login")) {
            HttpResponse<byte[]> r = get(server.url(path), "gzip");
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            String body = text(r); // decodes when it is gzip, whatever the size rule decided
            assertThat(body).as(path).isNotBlank();
            if (path.equals("/healthz")) assertThat(body).contains("\"status\":\"ok\"");
            if (path.equals("/metrics")) assertThat(body).contains("http_server_requests_seconds");
        }
    }
}
