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
import dev.rowgate.testing.Http;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revocation (RFC 7009), introspection (RFC 7662) and authorization server metadata (RFC 8414, RFC 9207) through HTTP,
 * as integration-protocol.md "Modern paths" lists them.
 */
class RevokeIntrospectMetadataTest extends AgainstServer {

    TokenClient app;

    @BeforeEach
    void setUp() {
        app = new TokenClient(server.issuer());
    }

    private JsonNode pair(TestServer.Client client) {
        return OAuthTestKit.tokens(app, client, code(server, client, ""));
    }

    private HttpResponse<String> revoke(TestServer.Client client, Map<String, String> form) {
        return app.post("/oauth2/revoke", form, TokenClient.basic(client.clientId(), client.secret()));
    }

    private HttpResponse<String> introspect(TestServer.Client client, String token) {
        return app.post("/oauth2/introspect", Map.of("token", token), TokenClient.basic(client.clientId(), client.secret()));
    }

    private static void assertInactive(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = TokenClient.json(r);
        assertThat(OAuthTestKit.fieldNames(body)).as(r.body()).containsExactly("active");
        assertThat(body.get("active").isBoolean()).isTrue();
        assertThat(body.get("active").asBoolean()).isFalse();
    }

    // --- revocation, RFC 7009 ---

    @Test
    void revokeWhenAccessTokenThenItStopsAuthenticatingAndAnswerIs200WithEmptyBody() {
        var client = server.webApp();
        String access = pair(client).get("access_token").asText();
        assertAuthenticates(server, access);

        HttpResponse<String> r = revoke(client, Map.of("token", access, "token_type_hint", "access_token"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertDoesNotAuthenticate(server, access);
        assertInactive(introspect(client, access));
    }

    @Test
    void revokeWhenAccessTokenWithBodyCredentialsAndNoHintThenItStopsAuthenticating() {
        var client = server.webApp();
        String access = pair(client).get("access_token").asText();

        HttpResponse<String> r = app.post("/oauth2/revoke", Map.of("token", access, "client_id", client.clientId(), "client_secret", client.secret()));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertDoesNotAuthenticate(server, access);
    }

    @Test
    void revokeWhenRefreshTokenThenItsWholeFamilyIsRevoked() {
        var client = server.webApp();
        JsonNode first = pair(client);
        JsonNode rotated = TokenClient.json(refresh(app, client, first.get("refresh_token").asText()));
        String access = rotated.get("access_token").asText();
        String refreshToken = rotated.get("refresh_token").asText();
        assertAuthenticates(server, access);

        HttpResponse<String> r = revoke(client, Map.of("token", refreshToken, "token_type_hint", "refresh_token"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertDoesNotAuthenticate(server, access);
        assertDoesNotAuthenticate(server, first.get("access_token").asText());
        assertOAuthError(refresh(app, client, refreshToken), 400, "invalid_grant");
        assertInactive(introspect(client, refreshToken));
    }

    @Test
    void revokeWhenHintIsWrongThenTokenIsStillFoundAndRevoked() {
        var client = server.webApp();
        JsonNode tokens = pair(client);

        HttpResponse<String> r = revoke(client, Map.of("token", tokens.get("refresh_token").asText(), "token_type_hint", "access_token"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertDoesNotAuthenticate(server, tokens.get("access_token").asText());
        assertOAuthError(refresh(app, client, tokens.get("refresh_token").asText()), 400, "invalid_grant");
    }

    @Test
    void revokeWhenTokenIsUnknownOrAlreadyRevokedThen200() {
        var client = server.webApp();
        String access = pair(client).get("access_token").asText();

        HttpResponse<String> unknown = revoke(client, Map.of("token", "0123456789abcdef0123456789abcdef01234567"));
        HttpResponse<String> garbage = revoke(client, Map.of("token", "not a token at all"));
        HttpResponse<String> once = revoke(client, Map.of("token", access));
        HttpResponse<String> twice = revoke(client, Map.of("token", access));

        for (HttpResponse<String> r : List.of(unknown, garbage, once, twice)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEmpty();
        }
    }

    @Test
    void revokeWhenTokenBelongsToAnotherClientThenUnauthorizedClientAndTokenKeepsWorking() {
        var owner = server.webApp();
        var other = server.webApp();
        JsonNode tokens = pair(owner);
        String access = tokens.get("access_token").asText();

        assertOAuthError(revoke(other, Map.of("token", access)), 400, "unauthorized_client");
        assertOAuthError(revoke(other, Map.of("token", tokens.get("refresh_token").asText())), 400, "unauthorized_client");

        assertAuthenticates(server, access);
        assertThat(TokenClient.json(introspect(owner, access)).get("active").asBoolean()).isTrue();
        assertThat(refresh(app, owner, tokens.get("refresh_token").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void revokeWhenClientAuthenticationFailsOrTokenMissingThenOAuthError() {
        var client = server.webApp();
        String access = pair(client).get("access_token").asText();

        assertOAuthError(app.post("/oauth2/revoke", Map.of("token", access), TokenClient.basic(client.clientId(), "wrong")), 401, "invalid_client");
        assertOAuthError(app.post("/oauth2/revoke", Map.of("token", access)), 401, "invalid_client");
        assertOAuthError(revoke(client, Map.of("token_type_hint", "access_token")), 400, "invalid_request");
        assertAuthenticates(server, access);
    }

    // --- introspection, RFC 7662 ---

    @Test
    void introspectWhenTokenIsActiveThenAllClaims() {
        var client = server.webApp();
        var resourceServer = server.webApp();
        var user = server.user();
        long issuedAt = server.clock().millis() / 1000;
        String access = OAuthTestKit.tokens(app, client, code(server, client, user, "")).get("access_token").asText();

        for (var caller : List.of(client, resourceServer)) {
            HttpResponse<String> r = introspect(caller, access);

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
            JsonNode body = TokenClient.json(r);
            assertThat(OAuthTestKit.fieldNames(body)).containsExactlyInAnyOrder("active", "scope", "client_id", "username", "token_type",
                    "exp", "iat", "sub", "iss");
            assertThat(body.get("active").isBoolean()).isTrue();
            assertThat(body.get("active").asBoolean()).isTrue();
            assertThat(body.get("scope").asText()).isEqualTo("api");
            assertThat(body.get("client_id").asText()).isEqualTo(client.clientId());
            assertThat(body.get("username").asText()).isEqualTo(user.email());
            assertThat(body.get("token_type").asText()).isEqualTo("bearer");
            assertThat(body.get("iat").isIntegralNumber()).isTrue();
            assertThat(body.get("exp").isIntegralNumber()).isTrue();
            assertThat(body.get("iat").asLong()).isEqualTo(issuedAt);
            assertThat(body.get("exp").asLong()).isEqualTo(issuedAt + 3600);
            assertThat(body.get("sub").isTextual()).isTrue();
            assertThat(body.get("sub").asText()).isNotBlank();
            assertThat(body.get("iss").asText()).isEqualTo(server.issuer());
        }
    }

    @Test
    void introspectWhenTokenIsRevokedUnknownOrMalformedThenOnlyActiveFalse() {
        var client = server.webApp();
        String access = pair(client).get("access_token").asText();
        assertThat(revoke(client, Map.of("token", access)).statusCode()).isEqualTo(200);

        assertInactive(introspect(client, access));
        assertInactive(introspect(client, "0123456789abcdef0123456789abcdef01234567"));
        assertInactive(introspect(client, "not-a-token"));
    }

    /**
     * Introspection keeps an active access token's answer, and the caller's authentication, for at most a second: what
     * this node changes bites at once anyway, and so does a wrong secret or the token's end; a change this node is
     * not told of (another process writing the database, as the CLI does on SQLite) bites within the second.
     */
    @Test
    void introspectWhenAnswersAreKeptThenRevocationWrongSecretsAndOtherProcessesStillBite() {
        var client = server.webApp();
        var resourceServer = server.webApp();
        String revokedHere = pair(client).get("access_token").asText();
        String revokedElsewhere = pair(client).get("access_token").asText();
        for (String token : List.of(revokedHere, revokedElsewhere)) {
            assertThat(TokenClient.json(introspect(resourceServer, token)).get("active").asBoolean()).isTrue();
        }

        assertOAuthError(app.post("/oauth2/introspect", Map.of("token", revokedHere), TokenClient.basic(resourceServer.clientId(), "wrong")),
                401, "invalid_client");
        assertOAuthError(app.post("/oauth2/introspect", Map.of("token", revokedHere, "client_id", resourceServer.clientId())), 401,
                "invalid_client");

        assertThat(revoke(client, Map.of("token", revokedHere)).statusCode()).isEqualTo(200);
        assertInactive(introspect(resourceServer, revokedHere));

        server.wiring().database().inTransaction(tx -> dev.rowgate.store.Jdbc.update(tx,
                "UPDATE tokens SET revoked_at = ? WHERE token_hash = ?", server.clock().millis(), dev.rowgate.oauth.Secrets.hash(revokedElsewhere)));
        server.clock().advance(java.time.Duration.ofMillis(1_000));
        assertInactive(introspect(resourceServer, revokedElsewhere));
    }

    @Test
    void introspectWhenCallerIsPublicDesktopClientThenUnauthorizedInvalidClient() {
        var webClient = server.webApp();
        var desktop = server.desktopApp(null);
        String access = pair(webClient).get("access_token").asText();

        HttpResponse<String> r = app.post("/oauth2/introspect", Map.of("token", access, "client_id", desktop.clientId()));

        assertOAuthError(r, 401, "invalid_client");
    }

    @Test
    void introspectWhenClientAuthenticationIsMissingOrWrongThenUnauthorizedInvalidClient() {
        var client = server.webApp();
        String access = pair(client).get("access_token").asText();

        assertOAuthError(app.post("/oauth2/introspect", Map.of("token", access)), 401, "invalid_client");
        assertOAuthError(app.post("/oauth2/introspect", Map.of("token", access), TokenClient.basic(client.clientId(), "wrong")), 401,
                "invalid_client");
    }

    // --- metadata, RFC 8414 ---

    @Test
    void metadataWhenFetchedThenIssuerEndpointsGrantsPkceAndIssParameterAreAdvertised() {
        HttpResponse<String> r = Http.get(server.url("/.well-known/oauth-authorization-server"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode m = TokenClient.json(r);
        assertThat(m.get("issuer").asText()).isEqualTo(server.issuer()).doesNotEndWith("/");
        for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "revocation_endpoint", "introspection_endpoint",
                "device_authorization_endpoint")) {
            assertThat(m.has(endpoint)).as(endpoint).isTrue();
            assertThat(m.get(endpoint).asText()).as(endpoint).startsWith(server.issuer() + "/");
        }
        assertThat(m.get("authorization_endpoint").asText()).isIn(server.url("/oauth2/authorize"), server.url("/oauth2/authorize.php"));
        assertThat(m.get("token_endpoint").asText()).isIn(server.url("/oauth2/token"), server.url("/oauth2/token.php"));
        assertThat(m.get("revocation_endpoint").asText()).isEqualTo(server.url("/oauth2/revoke"));
        assertThat(m.get("introspection_endpoint").asText()).isEqualTo(server.url("/oauth2/introspect"));
        assertThat(m.get("device_authorization_endpoint").asText()).isEqualTo(server.url("/oauth2/device_authorization"));
        assertThat(strings(m.get("grant_types_supported"))).contains("authorization_code", "refresh_token",
                "urn:ietf:params:oauth:grant-type:device_code");
        assertThat(strings(m.get("code_challenge_methods_supported"))).containsExactly("S256");
        assertThat(m.get("authorization_response_iss_parameter_supported").isBoolean()).isTrue();
        assertThat(m.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        assertThat(strings(m.get("token_endpoint_auth_methods_supported"))).contains("client_secret_basic", "client_secret_post", "none");
        assertThat(strings(m.get("response_types_supported"))).contains("code");
    }

    @Test
    void metadataWhenEndpointsAreCalledThenEachIsServedAtItsAdvertisedAddress() {
        JsonNode m = TokenClient.json(Http.get(server.url("/.well-known/oauth-authorization-server")));

        HttpResponse<String> authorize = Http.get(m.get("authorization_endpoint").asText());
        assertThat(authorize.statusCode()).as("authorization_endpoint").isNotEqualTo(404).isLessThan(500);
        for (String endpoint : List.of("token_endpoint", "revocation_endpoint", "introspection_endpoint", "device_authorization_endpoint")) {
            HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create(m.get(endpoint).asText()))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("")).build());
            assertThat(r.statusCode()).as(endpoint + ": " + r.body()).isIn(400, 401);
        }
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array).isNotNull();
        assertThat(array.isArray()).isTrue();
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
