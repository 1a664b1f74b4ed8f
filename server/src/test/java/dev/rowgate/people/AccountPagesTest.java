package dev.rowgate.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.grants.Grant;
import dev.rowgate.ledger.ChargeRequest;
import dev.rowgate.ledger.ChargeResult;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The user's pages (issue 4, "Users") through HTTP as a browser uses them: plan and rows left, connected apps with
 * cap, usage and Revoke, personal API keys; and the rules: signed in only, CSRF on every form, another user's grant
 * or key is 404 and stays untouched.
 */
class AccountPagesTest extends AgainstServer {

    private record Connected(TestServer.User user, TestServer.Client client, Grant grant, String accessToken, String refreshToken) {}

    /** A user who authorized a web app through the real flow (consent page, code, exchange). */
    private Connected connected() {
        TestServer.Client client = server.webApp();
        TestServer.User user = server.user();
        String code = OAuthTestKit.code(server, client, user, "");
        JsonNode tokens = OAuthTestKit.tokens(new TokenClient(server.issuer()), client, code);
        Grant grant = server.wiring().database().read((Tx tx) -> server.wiring().stores().grants()
                .findActive(tx, user.account().id(), client.app().id())).orElseThrow();
        return new Connected(user, client, grant, tokens.get("access_token").asText(), tokens.get("refresh_token").asText());
    }

    private Browser signedIn(TestServer.User user) {
        Browser browser = server.browser();
        browser.signIn(user);
        return browser;
    }

    private long charge(long accountId, ChargeRequest.Via via, long rows) {
        ChargeResult result = server.wiring().ledger().charge(new ChargeRequest(accountId, via, UUID.randomUUID().toString(), null, rows, null));
        assertThat(result).isInstanceOf(ChargeResult.Charged.class);
        return rows;
    }

    @Test
    void signedOutVisitorsAreSentToSignInAndBack() {
        HttpResponse<String> r = server.browser().get("/account");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(Browser.location(r)).isEqualTo("/login?return_to=%2Faccount");

        HttpResponse<String> post = server.browser().post("/account/keys", Map.of("name", "x", "csrf", "whatever"));
        assertThat(post.statusCode()).isEqualTo(401);
    }

    @Test
    void theAccountPageShowsThePlanRowsLeftAndEachConnectedAppWithItsUsage() {
        Connected c = connected();
        charge(c.user().account().id(), new ChargeRequest.Via.App(c.grant().id()), 1234);

        HttpResponse<String> page = signedIn(c.user()).get("/account");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Test plan").contains(c.user().account().email())
                .contains("<td class=\"num\">50000</td><td class=\"num\">1234</td><td class=\"num\">48766</td>")
                .contains(c.client().app().name()).contains("<dd>1234</dd>")
                .contains("<svg class=\"chart\"").contains(": 1234 in all")
                .doesNotContain("Last used</dt><dd>Not yet");
        assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    }

    @Test
    void theCapIsSavedClearedAndCheckedAndOnlyWithTheSessionsCsrfToken() {
        Connected c = connected();
        Browser browser = signedIn(c.user());
        String path = "/account/grants/" + c.grant().id() + "/cap";

        HttpResponse<String> saved = browser.postSignedIn(path, Map.of("cap", "777"));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(Browser.location(saved)).isEqualTo("/account?done=cap#apps");
        assertThat(capOf(c.grant().id())).isEqualTo(777L);
        assertThat(browser.get("/account").body()).contains("value=\"777\"").contains("of 777 (cap)");

        HttpResponse<String> bad = browser.postSignedIn(path, Map.of("cap", "lots"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("cap: must be a whole number of rows");
        assertThat(capOf(c.grant().id())).isEqualTo(777L);

        HttpResponse<String> forged = browser.post(path, Map.of("cap", "1", "csrf", "forged"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(capOf(c.grant().id())).isEqualTo(777L);

        assertThat(browser.postSignedIn(path, Map.of("cap", "")).statusCode()).isEqualTo(303);
        assertThat(capOf(c.grant().id())).isNull();
    }

    private Long capOf(long grantId) {
        return server.wiring().database().read((Tx tx) -> server.wiring().stores().grants().findById(tx, grantId)).orElseThrow().monthlyCap();
    }

    @Test
    void revokeEndsTheGrantAndEveryTokenOfItAtOnce() {
        Connected c = connected();
        OAuthTestKit.assertAuthenticates(server, c.accessToken());

        HttpResponse<String> revoked = signedIn(c.user()).postSignedIn("/account/grants/" + c.grant().id() + "/revoke", Map.of());

        assertThat(revoked.statusCode()).isEqualTo(303);
        OAuthTestKit.assertDoesNotAuthenticate(server, c.accessToken());
        HttpResponse<String> v2 = Http.get(server.url("/v2?from=subscription_info&output=json&token=" + c.accessToken()));
        assertThat(v2.body()).contains("invalid token");
        OAuthTestKit.assertOAuthError(OAuthTestKit.refresh(new TokenClient(server.issuer()), c.client(), c.refreshToken()), 400, "invalid_grant");
        assertThat(signedIn(c.user()).get("/account").body()).doesNotContain(c.client().app().name());
    }

    @Test
    void anotherUsersGrantIsNotFoundAndUntouched() {
        Connected victim = connected();
        Browser attacker = signedIn(server.user());

        HttpResponse<String> cap = attacker.postSignedIn("/account/grants/" + victim.grant().id() + "/cap", Map.of("cap", "0"));
        HttpResponse<String> revoke = attacker.postSignedIn("/account/grants/" + victim.grant().id() + "/revoke", Map.of());
        HttpResponse<String> nonsense = attacker.postSignedIn("/account/grants/not-a-number/revoke", Map.of());

        assertThat(cap.statusCode()).isEqualTo(404);
        assertThat(revoke.statusCode()).isEqualTo(404);
        assertThat(nonsense.statusCode()).isEqualTo(404);
        assertThat(capOf(victim.grant().id())).isNull();
        OAuthTestKit.assertAuthenticates(server, victim.accessToken());
        assertThat(attacker.get("/account").body()).doesNotContain(victim.client().app().name());
    }

    private static final Pattern KEY = Pattern.compile("id=\"new-key\" type=\"text\" readonly value=\"([0-9a-f]{40})\"");

    @Test
    void aPersonalKeyIsShownOnceWorksOnTheApiAndStopsWhenRevoked() {
        TestServer.User user = server.user();
        Browser browser = signedIn(user);

        HttpResponse<String> created = browser.postSignedIn("/account/keys", Map.of("name", "laptop script"));
        assertThat(created.statusCode()).isEqualTo(200);
        Matcher m = KEY.matcher(created.body());
        assertThat(m.find()).as(created.body()).isTrue();
        String key = m.group(1);
        assertThat(created.body()).contains("shown only this once");

        HttpResponse<String> info = Http.get(server.url("/v2?from=subscription_info&output=json&token=" + key));
        assertThat(info.body()).doesNotContain("error").contains("1000");
        String later = browser.get("/account").body();
        assertThat(later).contains("laptop script").doesNotContain(key);

        long keyId = server.wiring().database().read((Tx tx) -> server.wiring().stores().apiKeys().listByAccount(tx, user.account().id()))
                .getFirst().id();
        HttpResponse<String> byOther = signedIn(server.user()).postSignedIn("/account/keys/" + keyId + "/revoke", Map.of());
        assertThat(byOther.statusCode()).isEqualTo(404);
        assertThat(Http.get(server.url("/v2?from=subscription_info&output=json&token=" + key)).body()).doesNotContain("error");

        assertThat(browser.postSignedIn("/account/keys/" + keyId + "/revoke", Map.of()).statusCode()).isEqualTo(303);
        assertThat(Http.get(server.url("/v2?from=subscription_info&output=json&token=" + key)).body()).contains("invalid token");
        assertThat(browser.get("/account").body()).doesNotContain("laptop script");
    }

    @Test
    void aKeyWithoutANameIsRefusedWithTheReason() {
        HttpResponse<String> r = signedIn(server.user()).postSignedIn("/account/keys", Map.of("name", "  "));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("API key name: must be 1 to 100 characters");
    }
}
