package dev.rowgate.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * issue 5: the v2 API at / for clients that call a bare host, on the api.port listener and for the api.host name on
 * the main port; /v2/ keeps working everywhere, and nothing else is served under the API's origin.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(Dialect.class)
class BareHostTest {

    static final String API_HOST = "api.example.com";
    static TestServer server;

    @Parameter
    Dialect dialect;

    String key;

    @BeforeParameterizedClassInvocation
    static void startServer(Dialect dialect) {
        server = TestServer.start(dialect, Map.of("api.port", "0", "api.host", API_HOST));
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        if (server != null) server.close();
        server = null;
    }

    @BeforeEach
    void apiKey() {
        key = server.wiring().apiKeys().create(server.user().account().id(), "bare host").secret();
    }

    private static String api(String path) {
        return "http://127.0.0.1:" + server.apiPort() + path;
    }

    @Test
    void apiPortServesTheV2ApiAtTheRootAndAtV2() {
        HttpResponse<String> root = Http.get(api("/?token=" + key + "&from=subscription_info"));
        HttpResponse<String> v2 = Http.get(api("/v2/?token=" + key + "&from=subscription_info"));
        HttpResponse<String> main = Http.get(server.url("/v2/?token=" + key + "&from=subscription_info"));

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).isEqualTo("{\"info\":{\"rows_left\":1000,\"rows_limit\":1000,\"subscription\":\"Test plan\"}}");
        assertThat(root.headers().firstValue("X-Rows-Charged")).contains("0");
        assertThat(v2.body()).isEqualTo(root.body());
        assertThat(main.body()).isEqualTo(root.body());
    }

    @Test
    void apiPortAnswersTheLegacyErrorsAndPostAtTheRoot() {
        HttpResponse<String> noToken = Http.get(api("/?from=subscription_info"));
        HttpResponse<String> post = Http.send(HttpRequest.newBuilder(URI.create(api("/?from=subscription_info&output=xml")))
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(noToken.statusCode()).isEqualTo(200);
        assertThat(noToken.body()).contains("\"error\"");
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).contains("<rows_left>1000</rows_left>");
    }

    @Test
    void apiPortServesHealthButNoPagesOrOAuthEndpoints() {
        assertThat(Http.get(api("/healthz")).statusCode()).isEqualTo(200);
        assertThat(Http.get(api("/login")).statusCode()).isEqualTo(404);
        assertThat(Http.get(api("/metrics")).statusCode()).isEqualTo(404);
        assertThat(Http.get(api("/.well-known/oauth-authorization-server")).statusCode()).isEqualTo(404);
        HttpResponse<String> delete = Http.send(HttpRequest.newBuilder(URI.create(api("/?from=subscription_info"))).DELETE().build());
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    @Test
    void mainPortKeepsItsPagesAtTheRoot() {
        HttpResponse<String> home = Http.get(server.url("/"));
        assertThat(home.statusCode()).isNotEqualTo(404);
        assertThat(home.body()).doesNotContain("\"error\"");
        assertThat(Http.get(server.url("/.well-known/oauth-authorization-server")).statusCode()).isEqualTo(200);
    }

    @Test
    void apiHostOnTheMainPortServesTheV2ApiAtTheRoot() throws IOException {
        String root = raw("GET /?token=" + key + "&from=subscription_info HTTP/1.1\r\nHost: API.example.com:" + server.port() + "\r\n");
        String v2 = raw("GET /v2/?token=" + key + "&from=subscription_info HTTP/1.1\r\nHost: " + API_HOST + "\r\n");
        String login = raw("GET /login HTTP/1.1\r\nHost: " + API_HOST + "\r\n");
        String otherHost = raw("GET /?token=" + key + "&from=subscription_info HTTP/1.1\r\nHost: auth.example.com\r\n");

        assertThat(root).startsWith("HTTP/1.1 200").endsWith("{\"info\":{\"rows_left\":1000,\"rows_limit\":1000,\"subscription\":\"Test plan\"}}");
        assertThat(v2).startsWith("HTTP/1.1 200").contains("\"rows_left\":1000");
        assertThat(login).startsWith("HTTP/1.1 404");
        assertThat(otherHost).doesNotContain("rows_left");
    }

    /** One request over a plain socket, so that the Host header can name any host (HttpClient sets it from the URI). */
    private static String raw(String head) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
