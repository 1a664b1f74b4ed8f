package dev.rowgate.oauth;

import dev.rowgate.testing.OAuthTestKit;
import static dev.rowgate.testing.OAuthTestKit.assertAuthenticates;
import static dev.rowgate.testing.OAuthTestKit.assertDoesNotAuthenticate;
import static dev.rowgate.testing.OAuthTestKit.assertOAuthError;
import static dev.rowgate.testing.OAuthTestKit.code;
import static dev.rowgate.testing.OAuthTestKit.refresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code grant_type=refresh_token} through HTTP: RFC 6749 §6, rotation with reuse detection (RFC 9700 §4.14.2) and
 * integration-protocol.md "Refreshing": the 10 s grace window that makes a retry or a race return the same pair.
 */
class RefreshTokenTest extends AgainstServer {

    TokenClient app;

    @BeforeEach
    void setUp() {
        app = new TokenClient(server.issuer());
    }

    /** A fresh grant's first pair. */
    private JsonNode pair(TestServer.Client client) {
        return OAuthTestKit.tokens(app, client, code(server, client, ""));
    }

    private JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TokenClient.json(r);
    }

    /** RFC 7662 through HTTP, asked by the token's own (confidential) client. */
    private JsonNode introspect(TestServer.Client client, String token) {
        HttpResponse<String> r = app.post("/oauth2/introspect", Map.of("token", token), TokenClient.basic(client.clientId(), client.secret()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TokenClient.json(r);
    }

    private HttpResponse<String> refreshWithBody(TestServer.Client client, String refreshToken, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (scope != null) form.put("scope", scope);
        form.put("client_id", client.clientId());
        form.put("client_secret", client.secret());
        return app.post("/oauth2/token", form);
    }

    @Test
    void refreshWhenTokenIsCurrentThenNewPairWithFiveFieldsAndOldRefreshTokenRetired() {
        var client = server.webApp();
        JsonNode first = pair(client);
        String oldRefresh = first.get("refresh_token").asText();

        HttpResponse<String> r = refresh(app, client, oldRefresh);

        JsonNode next = ok(r);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.headers().firstValue("Pragma")).contains("no-cache");
        assertThat(OAuthTestKit.fieldNames(next)).containsExactly("access_token", "expires_in", "token_type", "scope", "refresh_token");
        assertThat(next.get("access_token").asText()).matches("[0-9a-f]{40}").isNotEqualTo(first.get("access_token").asText());
        assertThat(next.get("refresh_token").asText()).matches("[0-9a-f]{40}").isNotEqualTo(oldRefresh);
        assertThat(next.get("expires_in").isIntegralNumber()).isTrue();
        assertThat(next.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(next.get("token_type").asText()).isEqualTo("bearer");
        assertThat(next.get("scope").asText()).isEqualTo("api");
        assertAuthenticates(server, next.get("access_token").asText());

        // The old refresh token is retired: no longer active, while its successor is.
        assertThat(introspect(client, oldRefresh).get("active").asBoolean()).isFalse();
        assertThat(introspect(client, next.get("refresh_token").asText()).get("active").asBoolean()).isTrue();
        // And the successor rotates in turn.
        JsonNode third = ok(refresh(app, client, next.get("refresh_token").asText()));
        assertThat(third.get("refresh_token").asText()).isNotEqualTo(next.get("refresh_token").asText());
    }

    @Test
    void refreshWhenRotatedTokenIsRetriedWithinGraceWindowThenSamePairIsReturned() {
        var client = server.webApp();
        String oldRefresh = pair(client).get("refresh_token").asText();
        JsonNode next = ok(refresh(app, client, oldRefresh));
        server.clock().advance(Duration.ofSeconds(5));

        JsonNode retry = ok(refreshWithBody(client, oldRefresh, null));

        assertThat(retry.get("access_token").asText()).isEqualTo(next.get("access_token").asText());
        assertThat(retry.get("refresh_token").asText()).isEqualTo(next.get("refresh_token").asText());
        assertThat(OAuthTestKit.fieldNames(retry)).containsExactly("access_token", "expires_in", "token_type", "scope", "refresh_token");
        assertThat(retry.get("token_type").asText()).isEqualTo("bearer");
        assertThat(retry.get("scope").asText()).isEqualTo("api");
        // Idempotent: the pair handed out twice is still the live one.
        assertAuthenticates(server, next.get("access_token").asText());
        assertThat(introspect(client, next.get("refresh_token").asText()).get("active").asBoolean()).isTrue();
    }

    @Test
    void refreshWhenRotatedTokenIsPresentedAfterGraceWindowThenInvalidGrantAndWholeFamilyRevoked() {
        var client = server.webApp();
        JsonNode first = pair(client);
        String oldRefresh = first.get("refresh_token").asText();
        JsonNode next = ok(refresh(app, client, oldRefresh));
        assertAuthenticates(server, next.get("access_token").asText());
        server.clock().advance(Duration.ofSeconds(11));

        HttpResponse<String> reuse = refresh(app, client, oldRefresh);

        assertOAuthError(reuse, 400, "invalid_grant");
        assertDoesNotAuthenticate(server, first.get("access_token").asText());
        assertDoesNotAuthenticate(server, next.get("access_token").asText());
        assertOAuthError(refresh(app, client, next.get("refresh_token").asText()), 400, "invalid_grant");
        assertThat(introspect(client, next.get("access_token").asText()).get("active").asBoolean()).isFalse();
        // Still refused when presented again: theft detection does not reset.
        assertOAuthError(refresh(app, client, oldRefresh), 400, "invalid_grant");
    }

    @Test
    void refreshWhenEightThreadsPresentOneTokenAtOnceThenAllGetTheSamePair() throws Exception {
        var client = server.webApp();
        String refreshToken = pair(client).get("refresh_token").asText();
        int threads = 8;
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    gate.await();
                    return refresh(app, client, refreshToken);
                }));
            }
            gate.countDown();
            List<JsonNode> bodies = new ArrayList<>();
            for (Future<HttpResponse<String>> f : results) bodies.add(ok(f.get()));
            JsonNode firstBody = bodies.getFirst();
            for (JsonNode b : bodies) {
                assertThat(b.get("access_token").asText()).isEqualTo(firstBody.get("access_token").asText());
                assertThat(b.get("refresh_token").asText()).isEqualTo(firstBody.get("refresh_token").asText());
            }
            assertAuthenticates(server, firstBody.get("access_token").asText());
            assertThat(introspect(client, firstBody.get("refresh_token").asText()).get("active").asBoolean()).isTrue();
        }
    }

    @Test
    void refreshWhenPublicNativeClientAuthenticatesWithClientIdAloneThenNewPair() {
        // RFC 8252: a native app, loopback redirect on whatever port it opened, PKCE, no secret (client auth "none").
        var nativeApp = server.desktopApp(null, "http://127.0.0.1/callback");
        String redirectUri = "http://127.0.0.1:49152/callback";
        String code = code(server, nativeApp, "&redirect_uri=" + OAuthTestKit.enc(redirectUri) + "&code_challenge="
                + dev.rowgate.oauth.pkce.Pkce.s256(OAuthTestKit.VERIFIER) + "&code_challenge_method=S256");
        JsonNode first = ok(app.post("/oauth2/token", Map.of("grant_type", "authorization_code", "code", code, "client_id", nativeApp.clientId(),
                "redirect_uri", redirectUri, "code_verifier", OAuthTestKit.VERIFIER)));

        JsonNode next = ok(app.post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", first.get("refresh_token").asText(),
                "client_id", nativeApp.clientId())));

        assertThat(OAuthTestKit.fieldNames(next)).containsExactly("access_token", "expires_in", "token_type", "scope", "refresh_token");
        assertThat(next.get("refresh_token").asText()).isNotEqualTo(first.get("refresh_token").asText());
        assertAuthenticates(server, next.get("access_token").asText());
        // Another client cannot use the public client's refresh token by naming itself.
        var otherNative = server.desktopApp(null, "http://127.0.0.1/callback");
        assertOAuthError(app.post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", next.get("refresh_token").asText(),
                "client_id", otherNative.clientId())), 400, "invalid_grant");
    }

    @Test
    void refreshWhenScopeIsApiThenNewPair() {
        var client = server.webApp();
        String refreshToken = pair(client).get("refresh_token").asText();

        JsonNode next = ok(refreshWithBody(client, refreshToken, "api"));

        assertThat(next.get("scope").asText()).isEqualTo("api");
    }

    @Test
    void refreshWhenScopeIsWiderThanGrantedThenInvalidScopeAndTokenStillUsable() {
        var client = server.webApp();
        String refreshToken = pair(client).get("refresh_token").asText();

        assertOAuthError(refreshWithBody(client, refreshToken, "other"), 400, "invalid_scope");
        assertOAuthError(refreshWithBody(client, refreshToken, "api other"), 400, "invalid_scope");

        ok(refresh(app, client, refreshToken));
    }

    @Test
    void refreshWhenTokenBelongsToAnotherClientThenInvalidGrantAndOwnerCanStillRefresh() {
        var owner = server.webApp();
        var other = server.webApp();
        String refreshToken = pair(owner).get("refresh_token").asText();

        assertOAuthError(refresh(app, other, refreshToken), 400, "invalid_grant");
        assertOAuthError(refreshWithBody(other, refreshToken, null), 400, "invalid_grant");

        ok(refresh(app, owner, refreshToken));
    }

    @Test
    void refreshWhenAccessTokenIsPresentedAsRefreshTokenThenInvalidGrant() {
        var client = server.webApp();
        JsonNode first = pair(client);

        assertOAuthError(refresh(app, client, first.get("access_token").asText()), 400, "invalid_grant");
        assertAuthenticates(server, first.get("access_token").asText());
    }

    @Test
    void refreshWhenTokenIsUnknownOrMissingThenInvalidGrantOrInvalidRequest() {
        var client = server.webApp();

        assertOAuthError(refresh(app, client, "0123456789abcdef0123456789abcdef01234567"), 400, "invalid_grant");
        assertOAuthError(app.post("/oauth2/token.php", Map.of("grant_type", "refresh_token"), TokenClient.basic(client.clientId(), client.secret())),
                400, "invalid_request");
    }

    @Test
    void refreshWhenClientSecretIsWrongThenInvalidClientAndTokenNotRotated() {
        var client = server.webApp();
        String refreshToken = pair(client).get("refresh_token").asText();

        HttpResponse<String> r = app.post("/oauth2/token.php", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
                TokenClient.basic(client.clientId(), "wrong"));

        assertOAuthError(r, 401, "invalid_client");
        assertThat(introspect(client, refreshToken).get("active").asBoolean()).isTrue();
    }
}
