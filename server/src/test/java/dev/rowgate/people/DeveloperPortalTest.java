package dev.rowgate.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.apps.App;
import dev.rowgate.grants.Grant;
import dev.rowgate.ledger.ChargeRequest;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The developer portal (issue 4, "Integration developers") through HTTP: submitting an app (validated, pending
 * review unless auto-approved, refused with the operator's message while submissions are closed), the apps list with
 * invitation URLs, the secret shown once and rotated with overlap, usage, and that one developer cannot see or touch
 * another's app.
 */
class DeveloperPortalTest extends AgainstServer {

    @AfterEach
    void reopen() {
        server.wiring().lifecycle().setSubmissions(true, null);
        server.wiring().lifecycle().setAutoApprove(false);
    }

    private Browser developer() {
        Browser browser = server.browser();
        browser.signIn(server.user());
        return browser;
    }

    private static Map<String, String> webApp(String name) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("description", "Rank tracker");
        form.put("type", "web");
        form.put("redirect_uris", "https://tracker.example/cb\r\nhttps://tracker.example/cb2");
        form.put("website", "https://tracker.example");
        return form;
    }

    private App stored(String clientId) {
        return server.wiring().database().read((Tx tx) -> server.wiring().stores().apps().findByClientId(tx, clientId)).orElseThrow();
    }

    /** Client authentication through HTTP: introspection of a nonsense token answers active=false only to a known client. */
    private int authenticate(String clientId, String secret) {
        return new TokenClient(server.issuer()).post("/oauth2/introspect", Map.of("token", "0".repeat(40)), TokenClient.basic(clientId, secret))
                .statusCode();
    }

    @Test
    void aSubmittedAppWaitsForReviewShowsItsSecretOnceAndIsListedWithItsInvitationUrl() {
        Browser dev = developer();
        String name = "Serp Tracker " + UUID.randomUUID().toString().substring(0, 6);

        HttpResponse<String> created = dev.postSignedIn("/developer/apps", webApp(name));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = Browser.inputValue(created.body(), "new-secret");
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
        assertThat(created.body()).contains("pending").contains("works once an operator approves it");
        String clientId = AppSlug.of(name);
        App app = stored(clientId);
        assertThat(app.status()).isEqualTo(App.Status.PENDING);
        assertThat(app.redirectUris()).containsExactly("https://tracker.example/cb", "https://tracker.example/cb2");
        assertThat(app.website()).isEqualTo("https://tracker.example");

        HttpResponse<String> list = dev.get("/developer");
        assertThat(list.body()).contains(clientId).contains("https://tracker.example/cb2").doesNotContain(secret);
        assertThat(Browser.inputValue(list.body(), "invite-" + app.id())).isEqualTo(server.issuer()
                + "/oauth2/authorize.php?response_type=code&client_id=" + clientId + "&scope=api&redirect_uri=https%3A%2F%2Ftracker.example%2Fcb");
        assertThat(dev.get("/developer/apps/" + app.id()).body()).doesNotContain(secret).contains("No end");

        assertThat(authenticate(clientId, secret)).isEqualTo(401);
        server.wiring().database().inTransaction((Tx tx) -> server.wiring().stores().apps().setStatus(tx, app.id(), App.Status.APPROVED, 0));
        assertThat(authenticate(clientId, secret)).isEqualTo(200);
    }

    /** AppRegistration's slug, as the test expects it for a plain ASCII name. */
    private static final class AppSlug {
        static String of(String name) {
            return name.toLowerCase().replaceAll("[^a-z0-9]+", "-");
        }
    }

    @Test
    void badSubmissionsAreRefusedWithTheReasonAndTheFormKeepsWhatWasTyped() {
        Browser dev = developer();
        Map<String, String> cases = Map.of(
                "http://tracker.example/cb", "plain http is allowed only on a loopback host",
                "https://tracker.example/cb#frag", "must not contain a fragment",
                "", "at least one is required");
        for (var c : cases.entrySet()) {
            Map<String, String> form = webApp("Bad " + UUID.randomUUID());
            form.put("redirect_uris", c.getKey());
            HttpResponse<String> r = dev.postSignedIn("/developer/apps", form);
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(r.body()).contains(c.getValue()).contains(form.get("name"));
        }
        Map<String, String> script = webApp("Script " + UUID.randomUUID());
        script.put("website", "javascript:alert(1)");
        assertThat(dev.postSignedIn("/developer/apps", script).body()).contains("website: must be an https:// URL");
        Map<String, String> type = webApp("Type " + UUID.randomUUID());
        type.put("type", "mainframe");
        assertThat(dev.postSignedIn("/developer/apps", type).body()).contains("type: choose web or desktop");
        Map<String, String> forged = webApp("Forged " + UUID.randomUUID());
        forged.put("csrf", "forged");
        assertThat(dev.post("/developer/apps", forged).statusCode()).isEqualTo(403);
    }

    @Test
    void closedSubmissionsShowTheOperatorsMessageRefuseNewAppsAndKeepExistingOnes() {
        Browser dev = developer();
        String name = "Before Close " + UUID.randomUUID().toString().substring(0, 6);
        assertThat(dev.postSignedIn("/developer/apps", webApp(name)).statusCode()).isEqualTo(201);
        server.wiring().lifecycle().setSubmissions(false, "We are moving to v3 until March.");

        HttpResponse<String> form = dev.get("/developer/apps/new");
        assertThat(form.body()).contains("We are moving to v3 until March.").doesNotContain("name=\"redirect_uris\"");
        String refusedName = "After Close " + UUID.randomUUID();
        HttpResponse<String> refused = dev.postSignedIn("/developer/apps", webApp(refusedName));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("We are moving to v3 until March.");
        HttpResponse<String> list = dev.get("/developer");
        assertThat(list.body()).contains(name).contains("Your existing apps keep working").doesNotContain(refusedName);
    }

    @Test
    void autoApprovalMakesADesktopAppWorkAtOnceWithoutASecret() {
        server.wiring().lifecycle().setAutoApprove(true);
        Map<String, String> form = webApp("Desk " + UUID.randomUUID().toString().substring(0, 6));
        form.put("type", "desktop");
        form.put("redirect_uris", "http://127.0.0.1/callback");

        HttpResponse<String> created = developer().postSignedIn("/developer/apps", form);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("approved").doesNotContain("new-secret").contains("PKCE");
        assertThat(stored(AppSlug.of(form.get("name"))).status()).isEqualTo(App.Status.APPROVED);
    }

    @Test
    void rotationWithOverlapKeepsTheOldSecretUntilTheChosenTime() {
        server.wiring().lifecycle().setAutoApprove(true);
        Browser dev = developer();
        String name = "Rotating " + UUID.randomUUID().toString().substring(0, 6);
        String oldSecret = Browser.inputValue(dev.postSignedIn("/developer/apps", webApp(name)).body(), "new-secret");
        App app = stored(AppSlug.of(name));

        HttpResponse<String> rotated = dev.postSignedIn("/developer/apps/" + app.id() + "/secrets", Map.of("old_secret_hours", "1"));

        assertThat(rotated.statusCode()).isEqualTo(200);
        String newSecret = Browser.inputValue(rotated.body(), "new-secret");
        assertThat(newSecret).isNotEqualTo(oldSecret);
        assertThat(authenticate(app.clientId(), oldSecret)).isEqualTo(200);
        assertThat(authenticate(app.clientId(), newSecret)).isEqualTo(200);
        assertThat(rotated.body()).contains("No end").contains("keeps working until");

        server.clock().advance(Duration.ofMinutes(61));
        assertThat(authenticate(app.clientId(), oldSecret)).isEqualTo(401);
        assertThat(authenticate(app.clientId(), newSecret)).isEqualTo(200);
        assertThat(dev.get("/developer/apps/" + app.id()).body()).contains("Stopped");

        HttpResponse<String> now = dev.postSignedIn("/developer/apps/" + app.id() + "/secrets", Map.of("old_secret_hours", "0"));
        String newest = Browser.inputValue(now.body(), "new-secret");
        assertThat(authenticate(app.clientId(), newSecret)).isEqualTo(401);
        assertThat(authenticate(app.clientId(), newest)).isEqualTo(200);

        HttpResponse<String> tooLong = dev.postSignedIn("/developer/apps/" + app.id() + "/secrets", Map.of("old_secret_hours", "100000"));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(authenticate(app.clientId(), newest)).isEqualTo(200);
    }

    @Test
    void theAppPageShowsItsUsersAndRowsPerDayAcrossUsers() {
        TestServer.Client client = server.webApp();
        TestServer.User owner = server.user();
        server.wiring().database().inTransaction((Tx tx) -> {
            dev.rowgate.store.Jdbc.update(tx, "UPDATE apps SET owner_account_id = ? WHERE id = ?", owner.account().id(), client.app().id());
            return null;
        });
        for (int i = 0; i < 2; i++) {
            TestServer.User user = server.user();
            OAuthTestKit.code(server, client, user, "");
            Grant g = server.wiring().database().read((Tx tx) -> server.wiring().stores().grants().findActive(tx, user.account().id(), client.app().id()))
                    .orElseThrow();
            server.wiring().ledger().charge(new ChargeRequest(user.account().id(), new ChargeRequest.Via.App(g.id()), UUID.randomUUID().toString(), null, 50, null));
        }
        Browser dev = server.browser();
        dev.signIn(owner);

        HttpResponse<String> page = dev.get("/developer/apps/" + client.app().id());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<dt>Users</dt><dd>2</dd>").contains("100 rows in these 30 days").contains(": 100 in all");
    }

    @Test
    void anotherDevelopersAppIsNotFoundAndCannotBeRotated() {
        server.wiring().lifecycle().setAutoApprove(true);
        String name = "Private " + UUID.randomUUID().toString().substring(0, 6);
        String secret = Browser.inputValue(developer().postSignedIn("/developer/apps", webApp(name)).body(), "new-secret");
        App app = stored(AppSlug.of(name));
        Browser other = developer();

        assertThat(other.get("/developer/apps/" + app.id()).statusCode()).isEqualTo(404);
        assertThat(other.postSignedIn("/developer/apps/" + app.id() + "/secrets", Map.of("old_secret_hours", "0")).statusCode()).isEqualTo(404);
        assertThat(other.get("/developer").body()).doesNotContain(name);
        assertThat(authenticate(app.clientId(), secret)).isEqualTo(200);
        assertThat(server.wiring().database().read((Tx tx) -> server.wiring().stores().apps().listSecrets(tx, app.id()))).hasSize(1);
        assertThat(List.of(server.browser().get("/developer").statusCode(), server.browser().get("/developer/apps/" + app.id()).statusCode()))
                .containsOnly(303);
    }
}
