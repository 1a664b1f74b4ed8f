package dev.rowgate.testing;

import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.OAuthException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the token, refresh, revocation and introspection tests share: getting a code through a real browser, exchanging
 * it, and the checks every RFC 6749 §5.2 error answer must pass.
 */
public final class OAuthTestKit {

    /** A PKCE verifier: 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1). */
    public static final String VERIFIER = "verifier-0123456789-abcdefghijklmnopqrstuvwxyz._~ABC";

    private OAuthTestKit() {}

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Signs a fresh user in, allows the app, and returns the code of the redirect back. {@code extraQuery} is appended
     * to the authorization request as is (e.g. "&redirect_uri=..." or "&code_challenge=...").
     */
    public static String code(TestServer server, TestServer.Client client, String extraQuery) {
        return code(server, client, server.user(), extraQuery);
    }

    public static String code(TestServer server, TestServer.Client client, TestServer.User user, String extraQuery) {
        Browser browser = server.browser();
        String url = server.url("/oauth2/authorize.php?response_type=code&client_id=" + enc(client.clientId()) + "&state=s" + extraQuery);
        HttpResponse<String> r = browser.authorize(url, user);
        if (r.statusCode() == 200) r = browser.decide(r, "allow", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        Map<String, String> params = Browser.query(Browser.location(r));
        assertThat(params).as(Browser.location(r)).containsKey("code");
        return params.get("code");
    }

    /** The token request of RFC 6749 §4.1.3 with body credentials; extra entries are added (a null value removes one). */
    public static Map<String, String> codeExchange(TestServer.Client client, String code, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("client_id", client.clientId());
        form.put("client_secret", client.secret());
        form.putAll(extra);
        return form;
    }

    /** A successful exchange: the five-field body. */
    public static JsonNode tokens(TokenClient app, TestServer.Client client, String code) {
        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(client, code, Map.of()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TokenClient.json(r);
    }

    public static HttpResponse<String> refresh(TokenClient app, TestServer.Client client, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return app.post("/oauth2/token.php", form, TokenClient.basic(client.clientId(), client.secret()));
    }

    /** A POST with a body sent exactly as given, for requests a Map cannot express. */
    public static HttpResponse<String> rawPost(TestServer server, String path, String contentType, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (authorization != null) b.header("Authorization", authorization);
        return Http.send(b.build());
    }

    public static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * RFC 6749 §5.2 and integration-protocol.md step 7: the status, a JSON body of exactly error and
     * error_description, never cached, and WWW-Authenticate on a 401.
     */
    public static void assertOAuthError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).as("Content-Type").hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("Cache-Control")).as("Cache-Control").contains("no-store");
        JsonNode body = TokenClient.json(r);
        assertThat(fieldNames(body)).as(r.body()).containsExactlyInAnyOrder("error", "error_description");
        assertThat(body.get("error").isTextual()).isTrue();
        assertThat(body.get("error").asText()).as(r.body()).isEqualTo(error);
        assertThat(body.get("error_description").isTextual()).isTrue();
        assertThat(body.get("error_description").asText()).isNotBlank();
        if (status == 401) assertThat(r.headers().firstValue("WWW-Authenticate")).as("WWW-Authenticate").isPresent();
    }

    public static void assertAuthenticates(TestServer server, String accessToken) {
        assertThat(server.wiring().tokenAuth().authenticate(accessToken)).isNotNull();
    }

    public static void assertDoesNotAuthenticate(TestServer server, String accessToken) {
        assertThatThrownBy(() -> server.wiring().tokenAuth().authenticate(accessToken))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_TOKEN));
    }

    /**
     * integration-protocol.md step 6: a 200 with Cache-Control: no-store and Pragma: no-cache, and a body of exactly
     * the five fields in order, tokens of 40 lower-case hex characters, expires_in 3600, token_type bearer, scope api.
     */
    public static JsonNode assertFiveFieldTokenResponse(HttpResponse<String> token) {
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(token.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(token.headers().firstValue("Pragma")).contains("no-cache");
        JsonNode body = TokenClient.json(token);
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("access_token", "expires_in", "token_type", "scope", "refresh_token");
        assertThat(body.get("access_token").asText()).matches("[0-9a-f]{40}");
        assertThat(body.get("refresh_token").asText()).matches("[0-9a-f]{40}");
        assertThat(body.get("expires_in").isIntegralNumber()).isTrue();
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.get("token_type").asText()).isEqualTo("bearer");
        assertThat(body.get("scope").asText()).isEqualTo("api");
        return body;
    }
}
