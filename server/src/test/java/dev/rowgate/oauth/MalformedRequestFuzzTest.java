package dev.rowgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.TestServer;
import dev.rowgate.web.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Throws malformed requests at every endpoint: bad encodings, huge values, repeated and missing parameters, wrong
 * methods and content types, garbage credentials. Every answer must be a 4xx (or a redirect for the browser
 * endpoints) with a standard error body, and never a 5xx. The generator is seeded, so a failure names the seed and
 * the request, and replays the same way.
 */
class MalformedRequestFuzzTest extends AgainstServer {

    private static final long SEED = 20261201L;
    private static final int REQUESTS_PER_ENDPOINT = 150;

    /** JSON endpoints answer errors as {"error": ...}; page endpoints answer HTML or redirect. */
    private record Endpoint(String path, boolean json) {}

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/oauth2/token.php", true), new Endpoint("/oauth2/token", true), new Endpoint("/oauth2/revoke", true),
            new Endpoint("/oauth2/introspect", true), new Endpoint("/oauth2/device_authorization", true),
            new Endpoint("/oauth2/authorize.php", false), new Endpoint("/oauth2/authorize", false), new Endpoint("/login", false),
            new Endpoint("/logout", false), new Endpoint("/device", false), new Endpoint("/.well-known/oauth-authorization-server", true),
            new Endpoint("/healthz", true), new Endpoint("/oauth2/token-display", false), new Endpoint("/v2/", true));

    private static final List<String> NAMES = List.of("grant_type", "code", "client_id", "client_secret", "redirect_uri", "code_verifier",
            "refresh_token", "scope", "token", "token_type_hint", "device_code", "response_type", "state", "code_challenge",
            "code_challenge_method", "prompt", "csrf", "decision", "cap", "email", "password", "return_to", "user_code");

    TestServer.Client web;

    @BeforeEach
    void setUp() {
        web = server.webApp("Fuzz Client " + dialect);
    }

    @Test
    void malformedRequestsNeverGetA5xxAndAlwaysGetAStandardError() throws Exception {
        Random random = new Random(SEED);
        int checked = 0;
        for (Endpoint endpoint : ENDPOINTS) {
            for (int i = 0; i < REQUESTS_PER_ENDPOINT; i++) {
                HttpRequest request = randomRequest(random, endpoint);
                String what = "seed " + SEED + ", request " + i + ": " + request.method() + " " + request.uri() + " " + request.headers().map()
                        + " body " + request.bodyPublisher().map(p -> p.contentLength() + " bytes").orElse("none");
                HttpResponse<String> r;
                try {
                    r = Http.send(request);
                } catch (IllegalStateException e) {
                    throw new AssertionError("no HTTP answer: " + what, e);
                }
                assertThat(r.statusCode()).as(what + " -> " + r.body()).isLessThan(500);
                if (r.statusCode() >= 400 && endpoint.json()) {
                    JsonNode body;
                    try {
                        body = Json.MAPPER.readTree(r.body());
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + what + " -> " + r.statusCode() + " " + r.body(), e);
                    }
                    assertThat(body.path("error").isTextual()).as(what + " -> " + r.body()).isTrue();
                    if (r.statusCode() == 401) assertThat(r.headers().firstValue("WWW-Authenticate")).as(what).isPresent();
                }
                if (r.statusCode() >= 400 && !endpoint.json()) {
                    assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(ENDPOINTS.size() * REQUESTS_PER_ENDPOINT);
    }

    private HttpRequest randomRequest(Random random, Endpoint endpoint) {
        String method = pick(random, List.of("GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH"));
        // Oversized URIs (Jetty's 414) only on requests without a body: Jetty answers them from the request line and
        // closes at once, and a client still sending a body then gets a TCP reset that destroys the answer.
        boolean withBody = !method.equals("GET") && !method.equals("DELETE");
        String query = random.nextInt(3) == 0 ? "?" + randomForm(random) : "";
        if (withBody && query.length() > 4_000) query = "";
        String uri = server.url(endpoint.path()) + query;
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(uri));
        } catch (IllegalArgumentException e) {
            b = HttpRequest.newBuilder(URI.create(server.url(endpoint.path())));
        }
        String contentType = pick(random, List.of("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
                "application/x-www-form-urlencoded; charset=ISO-8859-1", "application/json", "text/plain", "multipart/form-data; boundary=x", ""));
        if (!contentType.isEmpty()) b.header("Content-Type", contentType);
        switch (random.nextInt(5)) {
            case 0 -> b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(randomText(random, 40).getBytes(StandardCharsets.UTF_8)));
            case 1 -> b.header("Authorization", "Basic !!!not-base64");
            case 2 -> b.header("Authorization", pick(random, List.of("Bearer x", "Digest y", "Basic ", "basic " + Base64.getEncoder()
                    .encodeToString((web.clientId() + ":wrong").getBytes(StandardCharsets.UTF_8)))));
            default -> { }
        }
        byte[] body = switch (random.nextInt(4)) {
            case 0 -> randomForm(random).getBytes(StandardCharsets.ISO_8859_1);
            case 1 -> randomBytes(random, random.nextInt(2000));
            case 2 -> ("grant_type=authorization_code&code=" + "x".repeat(random.nextInt(20_000)) + "&client_id=" + web.clientId().replace(" ", "+")
                    + "&client_secret=" + web.secret()).getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
        return switch (method) {
            case "GET" -> b.GET().build();
            case "DELETE" -> b.DELETE().build();
            default -> b.method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        };
    }

    /** A form body that breaks the rules in one or more ways: bad escapes, invalid UTF-8, repeats, huge values. */
    private String randomForm(Random random) {
        List<String> pairs = new ArrayList<>();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(6) == 0 ? randomText(random, 8) : pick(random, NAMES);
            String value = switch (random.nextInt(9)) {
                case 0 -> "%zz";
                case 1 -> "%E9%28%A9";          // invalid UTF-8
                case 2 -> "%";
                case 3 -> "x".repeat(9_000);    // over the per-value limit
                case 4 -> "%00%0A%0D";
                case 5 -> pick(random, List.of("authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code", "code",
                        "token", "api", "S256", "plain", "allow", "deny", "-1", "99999999999999999999"));
                case 6 -> web.clientId().replace(" ", "+");
                case 7 -> "\u00e9\u4e2d\ud83d\ude00".repeat(random.nextInt(5));
                default -> randomText(random, random.nextInt(60));
            };
            pairs.add(name + "=" + value);
            if (random.nextInt(5) == 0) pairs.add(name + "=" + value); // repeated
        }
        if (random.nextInt(10) == 0) pairs.add("&&=&=");
        return String.join("&", pairs);
    }

    private static String randomText(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        String alphabet = "abcXYZ019 -._~+/=%&?#\"'<>\\";
        for (int i = 0; i < length; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return java.net.URLEncoder.encode(sb.toString(), StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
