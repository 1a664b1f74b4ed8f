package dev.rowgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rowgate.Server;
import dev.rowgate.config.ConfigLoader;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.OAuthException;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.MutableClock;
import dev.rowgate.testing.TokenClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TokenAuth: bearer tokens to an AccessContext, a short cache, and revocation reaching every node. */
class BearerValidationTest extends AgainstServer {

    private record Issued(String access, String refresh, dev.rowgate.testing.TestServer.Client client) {}

    private Issued issue() {
        var client = server.webApp();
        Browser browser = server.browser();
        var consent = browser.authorize(server.url("/oauth2/authorize.php?response_type=code&client_id=" + client.clientId() + "&state=s"), server.user());
        String code = Browser.query(Browser.location(browser.decide(consent, "allow", null))).get("code");
        var token = TokenClient.json(new TokenClient(server.issuer()).post("/oauth2/token", Map.of("grant_type", "authorization_code",
                "code", code, "client_id", client.clientId(), "client_secret", client.secret())));
        return new Issued(token.get("access_token").asText(), token.get("refresh_token").asText(), client);
    }

    private static void assertRefused(TokenAuth auth, String token) {
        assertThatThrownBy(() -> auth.authenticate(token)).isInstanceOfSatisfying(OAuthException.class,
                e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_TOKEN));
    }

    @Test
    void authenticateWhenTokenValidThenContextOfUserAppAndGrant() {
        Issued t = issue();
        AccessContext ctx = server.wiring().tokenAuth().authenticate(t.access());
        assertThat(ctx.appId()).isEqualTo(t.client().app().id());
        assertThat(ctx.scope()).isEqualTo("api");
        assertRefused(server.wiring().tokenAuth(), t.refresh()); // a refresh token is not a bearer token
        assertRefused(server.wiring().tokenAuth(), "0".repeat(40));
        assertRefused(server.wiring().tokenAuth(), "not-a-token");
        assertRefused(server.wiring().tokenAuth(), null);
    }

    @Test
    void authenticateWhenRevokedBehindTheCacheThenRefusedWithinOneSecond() {
        Issued t = issue();
        TokenAuth auth = server.wiring().tokenAuth();
        auth.authenticate(t.access());
        // Revoked as another process would, straight in the database: no local cache clearing, no notice.
        server.wiring().database().inTransaction((Tx tx) -> Jdbc.update(tx, "UPDATE tokens SET revoked_at = 1 WHERE token_hash = ?",
                Secrets.hash(t.access())));

        auth.authenticate(t.access()); // still cached
        server.clock().advance(Duration.ofMillis(TokenAuth.MAX_AGE_MS));

        assertRefused(auth, t.access());
    }

    @Test
    void authenticateWhenRevokedOnThisNodeThenRefusedAtOnce() {
        Issued t = issue();
        TokenAuth auth = server.wiring().tokenAuth();
        auth.authenticate(t.access());
        var r = new TokenClient(server.issuer()).post("/oauth2/revoke", Map.of("token", t.access(), "client_id", t.client().clientId(),
                "client_secret", t.client().secret()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertRefused(auth, t.access());
    }

    @Test
    void authenticateWhenRevokedOnAnotherPostgresNodeThenNoticeClearsThisNodesCache() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dialect == Dialect.POSTGRES, "LISTEN/NOTIFY is PostgreSQL's; SQLite runs one node");
        Issued t = issue();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var config = ConfigLoader.load(null, Map.of(), Map.of("listen.port", Integer.toString(port), "issuer", server.issuer(),
                "database.url", server.wiring().database().url().display()));
        try (Server otherNode = Server.start(config, new MutableClock(server.clock().millis()))) {
            TokenAuth here = server.wiring().tokenAuth();
            here.authenticate(t.access()); // cached here; this node's clock does not move, so only a notice can clear it
            long before = here.clearCount();

            var r = new TokenClient("http://127.0.0.1:" + port).post("/oauth2/revoke", Map.of("token", t.access(),
                    "client_id", t.client().clientId(), "client_secret", t.client().secret()));
            assertThat(r.statusCode()).isEqualTo(200);

            assertThat(here.awaitClearAfter(before, Duration.ofSeconds(10))).as("revocation notice received").isTrue();
            assertRefused(here, t.access());
        }
    }
}
