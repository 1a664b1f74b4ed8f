package dev.rowgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.apps.InvitationUrl;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.oauth.pkce.Pkce;
import dev.rowgate.store.Jdbc;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * integration-protocol.md, "Desktop applications" (the legacy {@code response_type=token} path, the token-display
 * page, the deployment and per-app switches) and "Modern paths" (native apps: code + PKCE S256 on a loopback redirect
 * with any port, RFC 8252), through HTTP as a desktop app and a browser do them.
 */
class DesktopFlowTest extends AgainstServer {

    private static final String VERIFIER = "native-app-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    TokenClient app;

    @BeforeEach
    void setUp() {
        app = new TokenClient(server.issuer());
    }

    private static String invitation(TestServer s, TestServer.Client client) {
        return s.wiring().database().read(tx -> s.wiring().stores().apps().findById(tx, client.app().id()))
                .map(a -> InvitationUrl.of(s.issuer(), a)).orElseThrow();
    }

    private static String authorizeUrl(TestServer s, Map<String, String> params) {
        return s.url("/oauth2/authorize.php?" + Browser.encode(params));
    }

    // ---------------------------------------------------------------- legacy desktop token flow

    @Test
    void allowWhenDesktopAppUsesTokenResponseTypeThenTokenStateAndIssInQueryAndTokenWorks() {
        var client = server.desktopApp(null);
        var user = server.user();
        Browser browser = server.browser();
        String url = invitation(server, client) + "&state=desk%20top+1";
        assertThat(url).contains("response_type=token");

        HttpResponse<String> consent = browser.authorize(url, user);
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        assertThat(consent.body()).contains(client.app().name()).contains("spend your API rows");

        HttpResponse<String> back = browser.decide(consent, "allow", null);

        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        String location = Browser.location(back);
        assertThat(location).startsWith(client.redirectUri() + "?token=").doesNotContain("#");
        Map<String, String> q = Browser.query(location);
        assertThat(q.get("token")).matches("[0-9a-f]{40}");
        assertThat(q).containsEntry("state", "desk top 1").containsEntry("iss", server.issuer())
                .doesNotContainKeys("code", "refresh_token", "error");

        var access = server.wiring().tokenAuth().authenticate(q.get("token"));
        assertThat(access.accountId()).isEqualTo(user.account().id());
        assertThat(access.appId()).isEqualTo(client.app().id());
    }

    @Test
    void authorizeWhenDesktopConsentRememberedThenNewTokenRedirectedWithoutPrompt() {
        var client = server.desktopApp(null);
        Browser browser = server.browser();
        var user = server.user();
        HttpResponse<String> first = browser.decide(browser.authorize(invitation(server, client) + "&state=a", user), "allow", null);
        String firstToken = Browser.query(Browser.location(first)).get("token");

        HttpResponse<String> again = browser.get(invitation(server, client) + "&state=b");

        assertThat(again.statusCode()).isEqualTo(302);
        Map<String, String> q = Browser.query(Browser.location(again));
        assertThat(q.get("token")).matches("[0-9a-f]{40}").isNotEqualTo(firstToken);
        assertThat(q).containsEntry("state", "b").containsEntry("iss", server.issuer());
    }

    @Test
    void denyWhenDesktopAppUsesTokenResponseTypeThenAccessDeniedWithStateAndIss() {
        var client = server.desktopApp(null);
        Browser browser = server.browser();
        HttpResponse<String> back = browser.decide(browser.authorize(invitation(server, client) + "&state=nope", server.user()), "deny", null);

        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(Browser.location(back)).startsWith(client.redirectUri() + "?");
        assertThat(Browser.query(Browser.location(back))).containsEntry("error", "access_denied").containsEntry("state", "nope")
                .containsEntry("iss", server.issuer()).doesNotContainKey("token");
    }

    @Test
    void allowWhenDesktopAppRedirectsToTokenDisplayThenTokenShownOnPageWithoutRedirect() {
        String display = server.issuer() + "/oauth2/token-display";
        var client = server.desktopApp(null, display);
        var user = server.user();
        Browser browser = server.browser();

        HttpResponse<String> consent = browser.authorize(invitation(server, client) + "&state=shown", user);
        HttpResponse<String> page = browser.decide(consent, "allow", null);

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).contains(client.app().name());
        var token = java.util.regex.Pattern.compile("value=\"([0-9a-f]{40})\"").matcher(page.body());
        assertThat(token.find()).as(page.body()).isTrue();
        var access = server.wiring().tokenAuth().authenticate(token.group(1));
        assertThat(access.accountId()).isEqualTo(user.account().id());
        assertThat(access.appId()).isEqualTo(client.app().id());
    }

    @Test
    void authorizeWhenLegacyFlowSwitchedOffForDeploymentThenRedirectUnauthorizedClient() {
        try (TestServer off = TestServer.start(dialect, Map.of("desktop.legacy_token_flow", "false"))) {
            var client = off.desktopApp(null);
            String url = invitation(off, client) + "&state=off";
            for (Browser browser : List.of(off.browser(), signedInBrowser(off))) {
                HttpResponse<String> r = browser.get(url);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
                assertThat(Browser.location(r)).startsWith(client.redirectUri() + "?");
                assertThat(Browser.query(Browser.location(r))).containsEntry("error", "unauthorized_client").containsEntry("state", "off")
                        .containsEntry("iss", off.issuer()).doesNotContainKey("token");
            }
            // The modern path keeps working on that deployment.
            Browser browser = off.browser();
            HttpResponse<String> consent = browser.authorize(authorizeUrl(off, Map.of("response_type", "code", "client_id", client.clientId(),
                    "redirect_uri", "http://127.0.0.1:40001/callback", "code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256",
                    "state", "modern")), off.user());
            assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        }
    }

    private static Browser signedInBrowser(TestServer s) {
        Browser b = s.browser();
        b.signIn(s.user());
        return b;
    }

    @Test
    void authorizeWhenLegacyFlowSwitchedOffForOneAppThenOnlyThatAppGetsUnauthorizedClient() {
        var switchedOff = server.desktopApp(null);
        var other = server.desktopApp(null);
        server.wiring().database().inTransaction(tx -> Jdbc.update(tx, "UPDATE apps SET legacy_token_flow = ? WHERE id = ?", false,
                switchedOff.app().id()));
        var user = server.user();
        Browser browser = server.browser();

        HttpResponse<String> refused = browser.get(invitation(server, switchedOff) + "&state=one");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(302);
        assertThat(Browser.location(refused)).startsWith(switchedOff.redirectUri() + "?");
        assertThat(Browser.query(Browser.location(refused))).containsEntry("error", "unauthorized_client").containsEntry("state", "one")
                .containsEntry("iss", server.issuer()).doesNotContainKey("token");

        HttpResponse<String> consent = browser.authorize(invitation(server, other) + "&state=two", user);
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        HttpResponse<String> back = browser.decide(consent, "allow", null);
        assertThat(Browser.query(Browser.location(back)).get("token")).matches("[0-9a-f]{40}");

        // Signed in now: the switched-off app is still refused, before any consent.
        HttpResponse<String> stillRefused = browser.get(invitation(server, switchedOff) + "&state=three");
        assertThat(stillRefused.statusCode()).isEqualTo(302);
        assertThat(Browser.query(Browser.location(stillRefused))).containsEntry("error", "unauthorized_client").containsEntry("state", "three");
    }

    // ---------------------------------------------------------------- native app: code + PKCE, loopback any port

    @Test
    void exchangeWhenNativeAppUsesCodeWithPkceOnLoopbackPortThenFiveFieldsWithoutSecret() {
        var client = server.desktopApp(null); // registered http://127.0.0.1/callback
        assertThat(client.secret()).isNull();
        var user = server.user();
        Browser browser = server.browser();
        String redirect = "http://127.0.0.1:49152/callback";
        Map<String, String> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("client_id", client.clientId());
        request.put("scope", "api");
        request.put("redirect_uri", redirect);
        request.put("code_challenge", Pkce.s256(VERIFIER));
        request.put("code_challenge_method", "S256");
        request.put("state", "native");

        HttpResponse<String> back = browser.decide(browser.authorize(authorizeUrl(server, request), user), "allow", null);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        assertThat(Browser.location(back)).startsWith(redirect + "?code=");
        Map<String, String> q = Browser.query(Browser.location(back));
        assertThat(q).containsEntry("state", "native").containsEntry("iss", server.issuer()).doesNotContainKey("token");

        HttpResponse<String> token = app.post("/oauth2/token", Map.of("grant_type", "authorization_code", "code", q.get("code"),
                "client_id", client.clientId(), "code_verifier", VERIFIER, "redirect_uri", redirect));

        JsonNode body = OAuthTestKit.assertFiveFieldTokenResponse(token);
        assertThat(server.wiring().tokenAuth().authenticate(body.get("access_token").asText()).accountId()).isEqualTo(user.account().id());
    }

    @Test
    void exchangeWhenNativeAppSendsWrongVerifierOrOtherPortThenInvalidGrant() {
        var client = server.desktopApp(null);
        Browser browser = server.browser();
        var user = server.user();
        String redirect = "http://127.0.0.1:49153/callback";
        String url = authorizeUrl(server, Map.of("response_type", "code", "client_id", client.clientId(), "redirect_uri", redirect,
                "code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256", "state", "s"));
        String code1 = Browser.query(Browser.location(browser.decide(browser.authorize(url, user), "allow", null))).get("code");

        HttpResponse<String> wrongVerifier = app.post("/oauth2/token", Map.of("grant_type", "authorization_code", "code", code1,
                "client_id", client.clientId(), "code_verifier", VERIFIER + "x", "redirect_uri", redirect));
        assertThat(wrongVerifier.statusCode()).isEqualTo(400);
        assertThat(TokenClient.json(wrongVerifier).get("error").asText()).isEqualTo("invalid_grant");

        HttpResponse<String> again = browser.get(url);
        String code2 = Browser.query(Browser.location(again)).get("code");
        HttpResponse<String> otherPort = app.post("/oauth2/token", Map.of("grant_type", "authorization_code", "code", code2,
                "client_id", client.clientId(), "code_verifier", VERIFIER, "redirect_uri", "http://127.0.0.1:49154/callback"));
        assertThat(otherPort.statusCode()).isEqualTo(400);
        assertThat(TokenClient.json(otherPort).get("error").asText()).isEqualTo("invalid_grant");

    }
}
