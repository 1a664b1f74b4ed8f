package dev.rowgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.accounts.Account;
import dev.rowgate.audit.AuditEvent;
import dev.rowgate.ledger.Plan;
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
 * /admin/users: search by a part of the email, one user's plan, grants and usage, a plan change, and disabling:
 * the user's session, app tokens and personal keys stop at once (v2 API, introspection, refresh), and work again
 * once the account is enabled.
 */
class AdminUsersTest extends AdminTestBase {

    private Account stored(long id) {
        return server.wiring().database().read((Tx tx) -> server.wiring().stores().accounts().findById(tx, id)).orElseThrow();
    }

    private List<AuditEvent> events(String event, long accountId) {
        return server.wiring().database().read((Tx tx) -> server.wiring().stores().audit().list(tx, event, accountId, null, 10));
    }

    @Test
    void searchWhenEmailPartGivenThenMatchingAccountsOnly() {
        Browser admin = admin();
        TestServer.User user = server.user();
        String part = user.email().substring(0, user.email().indexOf('@')).toUpperCase();

        HttpResponse<String> r = admin.get("/admin/users?q=" + part);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains(user.email()).contains("/admin/users/" + user.account().id());
        assertThat(admin.get("/admin/users?q=nobody-" + Fixtures.next()).body()).contains("No accounts").doesNotContain(user.email());
        // LIKE wildcards match themselves: "%" finds no email without one.
        assertThat(admin.get("/admin/users?q=%25").body()).doesNotContain(user.email());
    }

    @Test
    void userPageShowsPlanGrantsWithUsageAndPlanCanChange() {
        Browser admin = admin();
        TestServer.Client client = server.webApp();
        Tokens t = tokens(client);
        long id = t.user().account().id();

        HttpResponse<String> page = admin.get("/admin/users/" + id);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(t.user().email()).contains("Test plan").contains(client.clientId()).contains("50,000");

        String plan = "Bigger " + Fixtures.next();
        server.wiring().plans().add(plan, 90_000, 5, Plan.Period.MONTHLY);
        HttpResponse<String> r = post(admin, "/admin/users/" + id + "/plan", Map.of("plan", plan));

        assertSeeOther(r, "/admin/users/" + id + "?done=plan");
        assertThat(json(v2(t.access())).get("info").get("subscription").asText()).isEqualTo(plan);
        assertThat(json(v2(t.access())).get("info").get("rows_limit").asLong()).isEqualTo(90_000);
        assertThat(events("account.plan", id).getFirst().detail()).containsEntry("from", "Test plan").containsEntry("to", plan);

        HttpResponse<String> unknown = post(admin, "/admin/users/" + id + "/plan", Map.of("plan", "No such plan"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("plan: no plan named").contains("No such plan").contains("<select id=\"plan\"");

        assertSeeOther(post(admin, "/admin/users/" + id + "/plan", Map.of("plan", "")), "/admin/users/" + id);
        assertThat(json(v2(t.access())).get("info").get("subscription").asText()).isEqualTo("No Subscription");
    }

    @Test
    void disableWhenUserHasSessionTokensAndKeysThenAllStopAtOnceAndEnableRestoresThem() {
        Browser admin = admin();
        TestServer.Client client = server.webApp();
        TestServer.Client resourceServer = server.webApp();
        Tokens t = tokens(client);
        long id = t.user().account().id();
        String key = server.wiring().apiKeys().create(id, "script").secret();
        Browser userBrowser = signedIn(t.user());
        assertThat(json(v2(t.access())).has("info")).isTrue();
        assertThat(json(v2(key)).has("info")).isTrue();

        assertSeeOther(post(admin, "/admin/users/" + id + "/status", Map.of("status", "disabled")), "/admin/users/" + id + "?done=disabled");

        assertThat(stored(id).status()).isEqualTo(Account.Status.DISABLED);
        assertThat(json(v2(t.access())).get("error").asText()).isEqualTo("invalid token");
        assertThat(json(v2(key)).get("error").asText()).isEqualTo("invalid token");
        assertThat(active(resourceServer, t.access())).isFalse();
        TokenClient app = new TokenClient(server.issuer());
        OAuthTestKit.assertOAuthError(OAuthTestKit.refresh(app, client, t.refresh()), 400, "invalid_grant");
        assertThat(userBrowser.get("/admin").statusCode()).as("signed out").isEqualTo(303);
        assertThat(events("account.disable", id)).hasSize(1);
        assertThat(admin.get("/admin/users/" + id).body()).contains("Enable account");

        assertSeeOther(post(admin, "/admin/users/" + id + "/status", Map.of("status", "active")), "/admin/users/" + id + "?done=enabled");

        assertThat(json(v2(t.access())).has("info")).isTrue();
        assertThat(json(v2(key)).has("info")).isTrue();
        assertThat(active(resourceServer, t.access())).isTrue();
        OAuthTestKit.assertFiveFieldTokenResponse(OAuthTestKit.refresh(app, client, t.refresh()));
        assertThat(events("account.enable", id)).hasSize(1);
    }

    @Test
    void disableWhenOwnAccountOrBadInputThenRefusedWithTheProblemNamed() {
        Browser admin = admin();
        Account me = lastAdmin;

        HttpResponse<String> own = post(admin, "/admin/users/" + me.id() + "/status", Map.of("status", "disabled"));
        assertThat(own.statusCode()).isEqualTo(400);
        assertThat(own.body()).contains("you cannot disable your own account");
        assertThat(stored(me.id()).status()).isEqualTo(Account.Status.ACTIVE);

        HttpResponse<String> bad = post(admin, "/admin/users/" + me.id() + "/status", Map.of("status", "deleted"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("status: must be active or disabled");

        assertThat(admin.get("/admin/users/99999999").statusCode()).isEqualTo(404);
        assertThat(post(admin, "/admin/users/99999999/status", Map.of("status", "disabled")).statusCode()).isEqualTo(404);
    }
}
