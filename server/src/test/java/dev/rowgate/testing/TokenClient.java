package dev.rowgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.web.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** An integration app's side of the back channel: form POSTs to the token, revocation and introspection endpoints. */
public final class TokenClient {

    private final String base;

    public TokenClient(String base) {
        this.base = base;
    }

    public HttpResponse<String> post(String path, Map<String, String> form) {
        return post(path, form, null);
    }

    /** With HTTP Basic credentials (null: none); the header value is built by the caller's choice of encoding. */
    public HttpResponse<String> post(String path, Map<String, String> form, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(form)));
        if (authorization != null) b.header("Authorization", authorization);
        return Http.send(b.build());
    }

    /** Basic credentials as RFC 6749 §2.3.1 says: each part form-encoded, then base64. */
    public static String basic(String clientId, String secret) {
        return basicRaw(java.net.URLEncoder.encode(clientId, StandardCharsets.UTF_8), java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }

    /** Basic credentials without the form-encoding step, as some libraries send them. */
    public static String basicRaw(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    public static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }
}
