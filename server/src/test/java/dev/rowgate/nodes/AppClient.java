package dev.rowgate.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TokenClient;
import dev.rowgate.web.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An integration app talking to any node: code exchange, refresh, revocation and v2 calls. A node that is down or
 * dies mid-request surfaces as an {@link IOException} for the caller to retry; a request that gets no answer within
 * {@link #TIMEOUT} fails the test, since a live node must never hang.
 */
final class AppClient {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private final Operator.App app;

    AppClient(Operator.App app) {
        this.app = app;
    }

    HttpResponse<String> exchange(String base, String code) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", app.redirectUri());
        return post(base, "/oauth2/token.php", form);
    }

    HttpResponse<String> refresh(String base, String refreshToken) throws IOException {
        return post(base, "/oauth2/token.php", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    HttpResponse<String> revoke(String base, String token) throws IOException {
        return post(base, "/oauth2/revoke", Map.of("token", token));
    }

    /** RFC 7662 introspection by this app (a confidential client may introspect any token). */
    HttpResponse<String> introspect(String base, String token) throws IOException {
        return post(base, "/oauth2/introspect", Map.of("token", token));
    }

    /** {@code GET /v2/?token=...&QUERY}, with an Idempotency-Key when one is given. */
    static HttpResponse<String> v2(String base, String token, String query, String idempotencyKey) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v2/?token=" + token + "&" + query)).GET();
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        return send(b);
    }

    /** A code from the authorization endpoint for a browser that is signed in and has consented before (302 at once). */
    static String code(Browser browser, String base, Operator.App app) throws IOException {
        HttpResponse<String> r;
        try {
            r = browser.get(authorizeUrl(base, app));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof IOException io) throw io; // the node is down or died mid-request
            throw e;
        }
        if (r.statusCode() != 302) throw new AssertionError("authorize answered " + r.statusCode() + ": " + r.body());
        String code = Browser.query(Browser.location(r)).get("code");
        if (code == null) throw new AssertionError("no code in " + Browser.location(r));
        return code;
    }

    static String authorizeUrl(String base, Operator.App app) {
        return base + "/oauth2/authorize.php?response_type=code&client_id=" + OAuthTestKit.enc(app.clientId()) + "&state=s&redirect_uri="
                + OAuthTestKit.enc(app.redirectUri());
    }

    private HttpResponse<String> post(String base, String path, Map<String, String> form) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", TokenClient.basic(app.clientId(), app.secret()))
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(form))));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

}
