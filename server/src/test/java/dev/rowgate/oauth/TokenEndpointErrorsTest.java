package dev.rowgate.oauth;

import dev.rowgate.testing.OAuthTestKit;
import static dev.rowgate.testing.OAuthTestKit.assertAuthenticates;
import static dev.rowgate.testing.OAuthTestKit.assertDoesNotAuthenticate;
import static dev.rowgate.testing.OAuthTestKit.assertOAuthError;
import static dev.rowgate.testing.OAuthTestKit.code;
import static dev.rowgate.testing.OAuthTestKit.codeExchange;
import static dev.rowgate.testing.OAuthTestKit.enc;
import static dev.rowgate.testing.OAuthTestKit.rawPost;
import static dev.rowgate.testing.OAuthTestKit.refresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.oauth.pkce.Pkce;
import dev.rowgate.testing.Browser;
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
 * {@code POST /oauth2/token.php} (and its alias {@code /oauth2/token}) when the request is wrong: RFC 6749 §4.1.3,
 * §5.2, RFC 7636 §4.6, RFC 9700 §2.1.1 and integration-protocol.md step 7. Every refusal is a 4xx with exactly
 * {@code {"error","error_description"}}, never cached, never a 5xx.
 */
class TokenEndpointErrorsTest extends AgainstServer {

    TokenClient app;

    @BeforeEach
    void setUp() {
        app = new TokenClient(server.issuer());
    }

    @Test
    void exchangeWhenCodeReplayedThenInvalidGrantAndTokensOfFirstExchangeAreRevoked() {
        var client = server.webApp();
        String code = code(server, client, "");
        HttpResponse<String> first = app.post("/oauth2/token.php", codeExchange(client, code, Map.of()));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode tokens = TokenClient.json(first);
        String access = tokens.get("access_token").asText();
        String refreshToken = tokens.get("refresh_token").asText();
        assertAuthenticates(server, access); // and now it sits in the bearer cache

        HttpResponse<String> replay = app.post("/oauth2/token", codeExchange(client, code, Map.of()));

        assertOAuthError(replay, 400, "invalid_grant");
        assertDoesNotAuthenticate(server, access);
        assertOAuthError(refresh(app, client, refreshToken), 400, "invalid_grant");
    }

    @Test
    void exchangeWhenCodeReplayedAfterRefreshThenRotatedTokensAreRevokedToo() {
        var client = server.webApp();
        String code = code(server, client, "");
        JsonNode first = OAuthTestKit.tokens(app, client, code);
        HttpResponse<String> rotated = refresh(app, client, first.get("refresh_token").asText());
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String rotatedAccess = TokenClient.json(rotated).get("access_token").asText();
        String rotatedRefresh = TokenClient.json(rotated).get("refresh_token").asText();

        assertOAuthError(app.post("/oauth2/token.php", codeExchange(client, code, Map.of())), 400, "invalid_grant");

        // RFC 6749 §4.1.2: "revoke (when possible) all tokens previously issued based on that authorization code".
        assertDoesNotAuthenticate(server, rotatedAccess);
        assertOAuthError(refresh(app, client, rotatedRefresh), 400, "invalid_grant");
    }

    @Test
    void exchangeWhenEightThreadsRedeemOneCodeAtOnceThenExactlyOneGetsTokens() throws Exception {
        var client = server.webApp();
        String code = code(server, client, "");
        int threads = 8;
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    gate.await();
                    return app.post("/oauth2/token.php", codeExchange(client, code, Map.of()));
                }));
            }
            gate.countDown();
            List<HttpResponse<String>> ok = new ArrayList<>();
            List<HttpResponse<String>> refused = new ArrayList<>();
            for (Future<HttpResponse<String>> f : results) {
                HttpResponse<String> r = f.get();
                (r.statusCode() == 200 ? ok : refused).add(r);
            }
            assertThat(ok).hasSize(1);
            assertThat(refused).hasSize(threads - 1);
            for (HttpResponse<String> r : refused) assertOAuthError(r, 400, "invalid_grant");
            // The losers were second uses of the code (spec step 4): the winner's tokens are revoked as well.
            assertDoesNotAuthenticate(server, TokenClient.json(ok.getFirst()).get("access_token").asText());
        }
    }

    @Test
    void exchangeWhenCodeWasIssuedToAnotherClientThenInvalidGrant() {
        var owner = server.webApp();
        var other = server.webApp(null, owner.redirectUri());
        String code = code(server, owner, "");

        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(other, code, Map.of()));

        assertOAuthError(r, 400, "invalid_grant");
    }

    @Test
    void exchangeWhenRedirectUriDiffersFromAuthorizationRequestThenInvalidGrant() {
        var client = server.webApp(null, "https://client.example/one", "https://client.example/two");
        String code = code(server, client, "&redirect_uri=" + enc("https://client.example/one"));

        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(client, code, Map.of("redirect_uri", "https://client.example/two")));

        assertOAuthError(r, 400, "invalid_grant");
    }

    @Test
    void exchangeWhenRedirectUriSentInAuthorizationButNotAtTokenEndpointThenInvalidGrant() {
        var client = server.webApp(null, "https://client.example/only");
        String code = code(server, client, "&redirect_uri=" + enc("https://client.example/only"));

        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(client, code, Map.of()));

        assertOAuthError(r, 400, "invalid_grant");
    }

    @Test
    void exchangeWhenRedirectUriIsUnregisteredThenInvalidGrant() {
        var client = server.webApp(null, "https://client.example/only");
        String code = code(server, client, "");

        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(client, code, Map.of("redirect_uri", "https://evil.example/cb")));

        assertOAuthError(r, 400, "invalid_grant");
    }

    @Test
    void exchangeWhenPkceVerifierIsWrongThenInvalidGrant() {
        var client = server.webApp();
        String code = code(server, client, "&code_challenge=" + Pkce.s256(OAuthTestKit.VERIFIER) + "&code_challenge_method=S256");

        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(client, code, Map.of("code_verifier", OAuthTestKit.VERIFIER + "x")));

        assertOAuthError(r, 400, "invalid_grant");
    }

    @Test
    void exchangeWhenPkceVerifierIsRightThenTokens() {
        var client = server.webApp();
        String code = code(server, client, "&code_challenge=" + Pkce.s256(OAuthTestKit.VERIFIER) + "&code_challenge_method=S256");

        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(client, code, Map.of("code_verifier", OAuthTestKit.VERIFIER)));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void exchangeWhenPkceChallengeWasSentButVerifierIsMissingThenInvalidGrant() {
        var client = server.webApp();
        String code = code(server, client, "&code_challenge=" + Pkce.s256(OAuthTestKit.VERIFIER) + "&code_challenge_method=S256");

        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(client, code, Map.of()));

        assertOAuthError(r, 400, "invalid_grant");
    }

    @Test
    void exchangeWhenVerifierSentWithoutChallengeInAuthorizationThenInvalidGrantAsDowngrade() {
        var client = server.webApp();
        String code = code(server, client, "");

        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(client, code, Map.of("code_verifier", OAuthTestKit.VERIFIER)));

        assertOAuthError(r, 400, "invalid_grant");
    }

    @Test
    void exchangeWhenCodeIsOlderThanSixtySecondsThenInvalidGrant() {
        var client = server.webApp();
        String code = code(server, client, "");
        server.clock().advance(Duration.ofSeconds(61));

        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(client, code, Map.of()));

        assertOAuthError(r, 400, "invalid_grant");
    }

    @Test
    void exchangeWhenCredentialsInBothBodyAndBasicHeaderThenInvalidRequest() {
        var client = server.webApp();
        String code = code(server, client, "");

        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(client, code, Map.of()),
                TokenClient.basic(client.clientId(), client.secret()));

        assertOAuthError(r, 400, "invalid_request");
    }

    @Test
    void exchangeWhenSecretIsWrongInBodyThenUnauthorizedInvalidClientWithWwwAuthenticate() {
        var client = server.webApp();
        String code = code(server, client, "");

        HttpResponse<String> r = app.post("/oauth2/token.php", codeExchange(client, code, Map.of("client_secret", client.secret() + "x")));

        assertOAuthError(r, 401, "invalid_client");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWithIgnoringCase("Basic"));
    }

    @Test
    void exchangeWhenSecretIsWrongInBasicHeaderThenUnauthorizedInvalidClientWithWwwAuthenticate() {
        var client = server.webApp();
        String code = code(server, client, "");
        HttpResponse<String> r = app.post("/oauth2/token.php", Map.of("grant_type", "authorization_code", "code", code),
                TokenClient.basic(client.clientId(), "not-the-secret"));

        assertOAuthError(r, 401, "invalid_client");
    }

    @Test
    void exchangeWhenClientIsUnknownThenUnauthorizedInvalidClient() {
        var client = server.webApp();
        String code = code(server, client, "");

        HttpResponse<String> body = app.post("/oauth2/token.php", codeExchange(client, code, Map.of("client_id", "no-such-client")));
        HttpResponse<String> basic = app.post("/oauth2/token.php", Map.of("grant_type", "authorization_code", "code", code),
                TokenClient.basic("no-such-client", client.secret()));

        assertOAuthError(body, 401, "invalid_client");
        assertOAuthError(basic, 401, "invalid_client");
    }

    @Test
    void exchangeWhenGrantTypeIsUnknownThenUnsupportedGrantType() {
        var client = server.webApp();

        HttpResponse<String> r = app.post("/oauth2/token.php", Map.of("grant_type", "password", "username", "u", "password", "p",
                "client_id", client.clientId(), "client_secret", client.secret()));

        assertOAuthError(r, 400, "unsupported_grant_type");
    }

    @Test
    void exchangeWhenGrantTypeIsMissingThenInvalidRequest() {
        var client = server.webApp();
        String code = code(server, client, "");
        Map<String, String> form = codeExchange(client, code, Map.of());
        form.remove("grant_type");

        HttpResponse<String> r = app.post("/oauth2/token.php", form);

        assertOAuthError(r, 400, "invalid_request");
    }

    @Test
    void exchangeWhenCodeIsMissingThenInvalidRequest() {
        var client = server.webApp();

        HttpResponse<String> r = app.post("/oauth2/token.php", Map.of("grant_type", "authorization_code",
                "client_id", client.clientId(), "client_secret", client.secret()));

        assertOAuthError(r, 400, "invalid_request");
    }

    @Test
    void exchangeWhenParameterIsRepeatedThenInvalidRequestAndCodeStillUsable() {
        var client = server.webApp();
        String code = code(server, client, "");
        String body = Browser.encode(codeExchange(client, code, Map.of())) + "&code=" + enc(code);

        HttpResponse<String> r = rawPost(server, "/oauth2/token.php", "application/x-www-form-urlencoded", body, null);

        assertOAuthError(r, 400, "invalid_request");
        // The malformed request was refused before the code was looked at: it is not a use of the code.
        HttpResponse<String> proper = app.post("/oauth2/token.php", codeExchange(client, code, Map.of()));
        assertThat(proper.statusCode()).as(proper.body()).isEqualTo(200);
    }

    @Test
    void exchangeWhenContentTypeIsJsonThenInvalidRequest() {
        var client = server.webApp();
        String code = code(server, client, "");
        String json = "{\"grant_type\":\"authorization_code\",\"code\":\"" + code + "\",\"client_id\":\"" + client.clientId()
                + "\",\"client_secret\":\"" + client.secret() + "\"}";

        HttpResponse<String> r = rawPost(server, "/oauth2/token.php", "application/json", json, null);

        assertOAuthError(r, 400, "invalid_request");
    }

    @Test
    void exchangeWhenContentTypeIsMissingThenInvalidRequest() {
        var client = server.webApp();
        String code = code(server, client, "");

        HttpResponse<String> r = rawPost(server, "/oauth2/token", null, Browser.encode(codeExchange(client, code, Map.of())), null);

        assertOAuthError(r, 400, "invalid_request");
    }

    @Test
    void exchangeWhenRequestIsMalformedInAnyWayThenFourHundredJsonErrorAndNeverServerError() {
        var client = server.webApp();
        String form = "application/x-www-form-urlencoded";
        String creds = "&client_id=" + enc(client.clientId()) + "&client_secret=" + enc(client.secret());
        record Case(String name, String contentType, String body, String authorization, int status, String error) {}
        List<Case> cases = List.of(
                new Case("bad percent escape", form, "grant_type=authorization_code&code=%zz" + creds, null, 400, "invalid_request"),
                new Case("truncated percent escape", form, "grant_type=authorization_code&code=abc%4" + creds, null, 400, "invalid_request"),
                new Case("invalid UTF-8", form, "grant_type=authorization_code&code=%C3%28" + creds, null, 400, "invalid_request"),
                new Case("non-UTF-8 charset", form + "; charset=ISO-8859-1", "grant_type=authorization_code&code=x" + creds, null, 400, "invalid_request"),
                new Case("empty body", form, "", null, 401, "invalid_client"),
                new Case("Basic not base64", form, "grant_type=authorization_code&code=x", "Basic !!!not-base64!!!", 401, "invalid_client"),
                new Case("Basic without colon", form, "grant_type=authorization_code&code=x",
                        "Basic " + java.util.Base64.getEncoder().encodeToString("just-an-id".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        401, "invalid_client"),
                new Case("unsupported scheme", form, "grant_type=authorization_code&code=x", "Bearer 0123456789abcdef", 401, "invalid_client"),
                new Case("client_id over 100 characters", form, "grant_type=authorization_code&code=x&client_id=" + "a".repeat(101)
                        + "&client_secret=s", null, 401, "invalid_client"),
                new Case("unknown code", form, "grant_type=authorization_code&code=" + "A".repeat(43) + creds, null, 400, "invalid_grant"),
                new Case("value over the size limit", form, "grant_type=authorization_code&code=" + "A".repeat(9_000) + creds, null, 400,
                        "invalid_request"),
                new Case("malformed refresh token", form, "grant_type=refresh_token&refresh_token=not-a-token" + creds, null, 400,
                        "invalid_grant"),
                new Case("grant_type repeated", form, "grant_type=authorization_code&grant_type=refresh_token&code=x" + creds, null, 400,
                        "invalid_request"));
        for (Case c : cases) {
            HttpResponse<String> r = rawPost(server, "/oauth2/token.php", c.contentType(), c.body(), c.authorization());
            assertThat(r.statusCode()).as(c.name() + ": " + r.body()).isLessThan(500);
            assertOAuthError(r, c.status(), c.error());
        }
    }

    @Test
    void exchangeWhenClientIdContainsSpacesAndCredentialsAreInBodyThenTokens() {
        var client = server.webApp("Serp Avenger-development");
        String code = code(server, client, "");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("client_id", "Serp Avenger-development");
        form.put("client_secret", client.secret());
        form.put("redirect_uri", client.redirectUri());

        HttpResponse<String> r = app.post("/oauth2/token.php", form);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = TokenClient.json(r);
        assertThat(OAuthTestKit.fieldNames(body)).containsExactly("access_token", "expires_in", "token_type", "scope", "refresh_token");
        assertAuthenticates(server, body.get("access_token").asText());
    }

    @Test
    void exchangeWhenClientIdContainsSpacesPercentEncodedInBodyThenTokens() {
        var client = server.webApp("Serp Avenger-production");
        String code = code(server, client, "");
        String body = "grant_type=authorization_code&code=" + enc(code) + "&client_id=Serp%20Avenger-production&client_secret=" + enc(client.secret());

        HttpResponse<String> r = rawPost(server, "/oauth2/token", "application/x-www-form-urlencoded;charset=UTF-8", body, null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
