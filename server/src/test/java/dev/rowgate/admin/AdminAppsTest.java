package dev.rowgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.apps.App;
import dev.rowgate.apps.AppRegistration;
import dev.rowgate.audit.AuditEvent;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The review queue at /admin/apps: approve, reject, suspend and reinstate, each audited; and what a suspension does
 * to an app's tokens, observed through the real API: the v2 call, introspection, refresh and code exchange refuse
 * them at once, and after reinstatement the same tokens work again (nothing was revoked).
 */
class AdminAppsTest extends AdminTestBase {

    private App pending() {
        return server.wiring().appRegistration().register(new AppRegistration.Request("Queued " + Fixtures.next(), "", App.Type.WEB,
                List.of("https://client.example/cb"), null, null, null, false, null, null)).app();
    }

    private App stored(long id) {
        return server.wiring().database().read((Tx tx) -> server.wiring().stores().apps().findById(tx, id)).orElseThrow();
    }

    private List<AuditEvent> events(String event, long appId) {
        return server.wiring().database().read((Tx tx) -> server.wiring().stores().audit().list(tx, event, null, appId, 10));
    }

    @Test
    void queueWhenPendingAppsThenListedWithApproveAndRejectAndApproveWorks() {
        Browser admin = admin();
        App app = pending();

        HttpResponse<String> queue = admin.get("/admin/apps");
        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat(queue.body()).contains(app.clientId()).contains("/admin/apps/" + app.id() + "/approve")
                .contains("/admin/apps/" + app.id() + "/reject").doesNotContain("/admin/apps/" + app.id() + "/suspend");

        HttpResponse<String> r = post(admin, "/admin/apps/" + app.id() + "/approve", Map.of("status", "pending"));

        assertSeeOther(r, "/admin/apps?status=pending&done=approve&app=" + app.id());
        assertThat(stored(app.id()).status()).isEqualTo(App.Status.APPROVED);
        assertThat(admin.get(Browser.location(r)).body()).contains("approved.").doesNotContain("/admin/apps/" + app.id() + "/approve");
        List<AuditEvent> audit = events("app.approve", app.id());
        assertThat(audit).hasSize(1);
        assertThat(audit.getFirst().detail()).containsEntry("from", "pending").containsEntry("to", "approved");
        assertThat(audit.getFirst().ip()).isNotNull();
        // The approved app is listed under its status, and in "all".
        assertThat(admin.get("/admin/apps?status=approved").body()).contains(app.clientId());
        assertThat(admin.get("/admin/apps?status=all").body()).contains(app.clientId());
    }

    @Test
    void rejectWhenPendingThenRejectedAndCannotBeSuspended() {
        Browser admin = admin();
        App app = pending();

        assertSeeOther(post(admin, "/admin/apps/" + app.id() + "/reject", Map.of("status", "pending")), "/admin/apps?status=pending");
        assertThat(stored(app.id()).status()).isEqualTo(App.Status.REJECTED);
        assertThat(events("app.reject", app.id())).hasSize(1);

        HttpResponse<String> wrong = post(admin, "/admin/apps/" + app.id() + "/suspend", Map.of("status", "rejected"));

        assertThat(wrong.statusCode()).isEqualTo(409);
        assertThat(wrong.body()).contains("is rejected; it cannot be suspended");
        assertThat(stored(app.id()).status()).isEqualTo(App.Status.REJECTED);
    }

    @Test
    void actionWhenUnknownAppOrActionThenNotFound() {
        Browser admin = admin();
        assertThat(post(admin, "/admin/apps/999999/approve", Map.of()).statusCode()).isEqualTo(404);
        assertThat(post(admin, "/admin/apps/1/delete", Map.of()).statusCode()).isEqualTo(404);
        assertThat(post(admin, "/admin/apps/x/approve", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void suspendWhenTokensIssuedThenApiIntrospectionRefreshAndCodeExchangeRefuseThemUntilReinstated() {
        Browser admin = admin();
        TestServer.Client client = server.webApp();
        TestServer.Client resourceServer = server.webApp();
        Tokens t = tokens(client);
        String pendingCode = OAuthTestKit.code(server, client, t.user(), ""); // issued before the suspension
        assertThat(json(v2(t.access())).has("info")).isTrue(); // cached by the bearer check now
        assertThat(active(resourceServer, t.access())).isTrue();

        assertSeeOther(post(admin, "/admin/apps/" + client.app().id() + "/suspend", Map.of("status", "approved")), "/admin/apps");

        assertThat(json(v2(t.access())).get("error").asText()).isEqualTo("invalid token");
        assertThat(active(resourceServer, t.access())).isFalse();
        assertThat(active(resourceServer, t.refresh())).isFalse();
        TokenClient app = new TokenClient(server.issuer());
        OAuthTestKit.assertOAuthError(OAuthTestKit.refresh(app, client, t.refresh()), 401, "invalid_client");
        OAuthTestKit.assertOAuthError(app.post("/oauth2/token.php", OAuthTestKit.codeExchange(client, pendingCode, Map.of())), 401,
                "invalid_client");
        // A suspended app cannot start a new authorization either: an error page, never a redirect.
        HttpResponse<String> authorize = signedIn(t.user()).get("/oauth2/authorize.php?response_type=code&client_id="
                + OAuthTestKit.enc(client.clientId()) + "&state=s");
        assertThat(authorize.statusCode()).isBetween(400, 499);
        assertThat(authorize.headers().firstValue("Location")).isEmpty();
        assertThat(events("app.suspend", client.app().id())).hasSize(1);

        assertSeeOther(post(admin, "/admin/apps/" + client.app().id() + "/reinstate", Map.of("status", "suspended")), "/admin/apps");

        assertThat(json(v2(t.access())).get("info").get("rows_left").asLong()).isPositive();
        assertThat(active(resourceServer, t.access())).isTrue();
        OAuthTestKit.assertFiveFieldTokenResponse(OAuthTestKit.refresh(app, client, t.refresh()));
        assertThat(events("app.reinstate", client.app().id())).hasSize(1);
    }

    @Test
    void suspendWhenMadeOnAnotherPostgresNodeThenNoticeClearsThisNodesBearerCache() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dialect == dev.rowgate.config.DatabaseUrl.Dialect.POSTGRES,
                "LISTEN/NOTIFY is PostgreSQL's; SQLite runs one node");
        TestServer.Client client = server.webApp();
        Tokens t = tokens(client);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var config = dev.rowgate.config.ConfigLoader.load(null, Map.of(), Map.of("listen.port", Integer.toString(port), "issuer", server.issuer(),
                "database.url", server.wiring().database().url().display()));
        try (dev.rowgate.Server otherNode = dev.rowgate.Server.start(config, new dev.rowgate.testing.MutableClock(server.clock().millis()))) {
            var here = server.wiring().tokenAuth();
            here.authenticate(t.access()); // cached here; this node's clock does not move, so only a notice can clear it
            long before = here.clearCount();

            otherNode.wiring().appReview().apply(client.app().id(), dev.rowgate.apps.AppReview.Action.SUSPEND, dev.rowgate.audit.Actor.CLI);

            assertThat(here.awaitClearAfter(before, java.time.Duration.ofSeconds(10))).as("suspension notice received").isTrue();
            OAuthTestKit.assertDoesNotAuthenticate(server, t.access());
        }
    }
}
