package dev.rowgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.apps.App;
import dev.rowgate.apps.AppRegistration;
import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.Fixtures;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who reaches /admin: only operators. A signed-out GET goes to the sign-in page and back, a signed-in user who is
 * not an operator gets 403 on every page and every form, and a form without the session's CSRF token is refused,
 * operator or not; a refused form changes nothing.
 */
class AdminAccessTest extends AdminTestBase {

    static final List<String> PAGES = List.of("/admin", "/admin/apps", "/admin/apps?status=all", "/admin/users", "/admin/users/1",
            "/admin/plans", "/admin/lifecycle", "/admin/audit", "/admin/import");

    /** Every console form, with fields that would change something if it were accepted. */
    private Map<String, Map<String, String>> forms() {
        long appId = pendingApp().id();
        long userId = server.user().account().id();
        return Map.of(
                "/admin/apps/" + appId + "/approve", Map.of("status", "pending"),
                "/admin/users/" + userId + "/status", Map.of("status", "disabled"),
                "/admin/users/" + userId + "/plan", Map.of("plan", ""),
                "/admin/plans", Map.of("name", "Forbidden " + Fixtures.next(), "integration_rows", "1", "api_rows", "1"),
                "/admin/lifecycle/submissions", Map.of("open", "false", "message", "closed by an intruder"),
                "/admin/lifecycle/auto-approve", Map.of("on", "true"),
                "/admin/lifecycle/signup", Map.of("open", "false"),
                "/admin/lifecycle/sunset", Map.of("path", "api_keys", "action", "set", "date", "2000-01-01"),
                "/admin/import", Map.of("data", "client_id,type,redirect_uris\nintruder-" + Fixtures.next() + ",desktop,http://127.0.0.1/cb"));
    }

    private App pendingApp() {
        return server.wiring().appRegistration().register(new AppRegistration.Request("Pending " + Fixtures.next(), "", App.Type.WEB,
                List.of("https://client.example/cb"), null, null, null, false, null, null)).app();
    }

    @Test
    void getWhenSignedOutThenRedirectToLoginAndBack() {
        Browser anonymous = server.browser();
        for (String page : PAGES) {
            HttpResponse<String> r = anonymous.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(303);
            assertThat(Browser.location(r)).as(page).isEqualTo("/login?return_to=" + URLEncoder.encode(page, StandardCharsets.UTF_8));
        }
    }

    @Test
    void getWhenSignedInAsUserThenForbidden() {
        Browser user = signedIn(server.user());
        for (String page : PAGES) {
            HttpResponse<String> r = user.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(403);
            assertThat(r.body()).as(page).contains("Only operators can open this page.");
        }
    }

    @Test
    void getWhenAdminThenEveryPageAnswersWithTheConsoleMenu() {
        Browser admin = admin();
        for (String page : PAGES) {
            HttpResponse<String> r = admin.get(page);
            assertThat(r.statusCode()).as(page + ": " + r.body()).isIn(200, 404); // /admin/users/1 may not exist on this database
            if (r.statusCode() == 200) assertThat(r.body()).as(page).contains("aria-label=\"Operator console\"");
            assertThat(r.headers().firstValue("Cache-Control")).as(page).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        }
        assertThat(admin.get("/").body()).contains("href=\"/admin\"");
    }

    @Test
    void postWhenSignedInAsUserWithValidCsrfThenForbiddenAndNothingChanges() {
        Browser user = signedIn(server.user());
        for (var f : forms().entrySet()) {
            HttpResponse<String> r = post(user, f.getKey(), f.getValue());
            assertThat(r.statusCode()).as(f.getKey() + ": " + r.body()).isEqualTo(403);
            assertThat(r.body()).as(f.getKey()).contains("Only operators can do this.");
        }
        assertNothingChanged();
    }

    @Test
    void postWhenCsrfMissingOrWrongThenForbiddenEvenForAdmin() {
        Browser admin = admin();
        String csrf = csrf(admin);
        for (var f : forms().entrySet()) {
            HttpResponse<String> missing = admin.post(f.getKey(), f.getValue());
            assertThat(missing.statusCode()).as(f.getKey() + ": " + missing.body()).isEqualTo(403);
            assertThat(missing.body()).contains("This form expired.");
            Map<String, String> wrong = new java.util.LinkedHashMap<>(f.getValue());
            wrong.put("csrf", csrf + "x");
            HttpResponse<String> r = admin.post(f.getKey(), wrong);
            assertThat(r.statusCode()).as(f.getKey() + ": " + r.body()).isEqualTo(403);
        }
        assertNothingChanged();
    }

    @Test
    void postWhenSignedOutThenUnauthorized() {
        Browser anonymous = server.browser();
        for (var f : forms().entrySet()) {
            HttpResponse<String> r = anonymous.post(f.getKey(), f.getValue());
            assertThat(r.statusCode()).as(f.getKey()).isEqualTo(401);
        }
        assertNothingChanged();
    }

    private void assertNothingChanged() {
        var w = server.wiring();
        assertThat(w.database().read((Tx tx) -> w.stores().apps().list(tx)).stream().filter(a -> a.clientId().startsWith("intruder-"))).isEmpty();
        assertThat(w.database().read((Tx tx) -> w.stores().plans().list(tx)).stream().filter(p -> p.name().startsWith("Forbidden "))).isEmpty();
        assertThat(w.lifecycle().submissions().open()).isTrue();
        assertThat(w.lifecycle().autoApprove()).isFalse();
        assertThat(w.lifecycle().signupOpen()).isTrue();
        assertThat(w.lifecycle().sunset(Lifecycle.AccessPath.API_KEYS)).isEmpty();
        assertThat(w.database().read((Tx tx) -> w.stores().audit().events(tx))).noneMatch(e -> e.startsWith("app.approve")
                || e.startsWith("account.") || e.startsWith("plan.") || e.startsWith("lifecycle.") || e.equals("app.import"));
        assertThat(w.database().read((Tx tx) -> w.stores().accounts().list(tx, 10_000, 0)))
                .allMatch(a -> a.status() == dev.rowgate.accounts.Account.Status.ACTIVE);
    }
}
