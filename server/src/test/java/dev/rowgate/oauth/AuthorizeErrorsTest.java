package dev.rowgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.apps.App;
import dev.rowgate.apps.AppRegistration;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.oauth.pkce.Pkce;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * integration-protocol.md, "Web applications" step 3, and RFC 6749 §4.1.2.1: which authorization errors are shown to
 * the user as a page (never redirected: the app or its redirect URI is not known good), and which go back to the
 * app's registered redirect URI with {@code error}, the {@code state} verbatim and {@code iss} (RFC 9207), whether the
 * user is signed in or not. Plus the loopback redirect rule of native apps (RFC 8252 §7.3).
 */
class AuthorizeErrorsTest extends AgainstServer {

    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-errors-test";

    /** A browser that is signed in for the whole class; errors must not depend on it. */
    Browser signedIn;

    @BeforeEach
    void setUp() {
        signedIn = server.browser();
        signedIn.signIn(server.user());
    }

    // ---------------------------------------------------------------- helpers

    private String authorizeUrl(Map<String, String> params) {
        return server.url("/oauth2/authorize.php?" + Browser.encode(params));
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Both a signed-out and a signed-in browser get an HTML error page: 400, no Location, nothing sent to the app. */
    private void assertErrorPage(String url, String expectedMessage) {
        for (Browser browser : List.of(server.browser(), signedIn)) {
            HttpResponse<String> r = browser.get(url);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).isEmpty();
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(r.body()).contains("Cannot authorize this app");
            if (expectedMessage != null) assertThat(r.body()).contains(expectedMessage);
        }
    }

    /**
     * Both a signed-out and a signed-in browser are sent straight back to the registered redirect URI with the error,
     * the state verbatim and iss; nothing is issued and the signed-out user is not asked to sign in first.
     */
    private void assertRedirectError(String url, String redirectUri, String error, String state) {
        for (Browser browser : List.of(server.browser(), signedIn)) {
            HttpResponse<String> r = browser.get(url);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
            String location = Browser.location(r);
            assertThat(location).startsWith(redirectUri + "?");
            Map<String, String> q = Browser.query(location);
            assertThat(q).containsEntry("error", error).containsEntry("iss", server.issuer()).doesNotContainKeys("code", "token");
            if (state != null) assertThat(q).containsEntry("state", state);
        }
    }

    private TestServer.Client pendingWebApp() {
        var r = server.wiring().appRegistration().register(new AppRegistration.Request("Pending app " + dialect + System.nanoTime(), "",
                App.Type.WEB, List.of("https://pending.example/cb"), null, null, null, false, null, null));
        assertThat(r.app().status()).isEqualTo(App.Status.PENDING);
        return new TestServer.Client(r.app().clientId(), r.clientSecret(), "https://pending.example/cb", r.app());
    }

    // ---------------------------------------------------------------- never redirected: error pages

    @Test
    void authorizeWhenClientIdUnknownThenErrorPageWithoutRedirect() {
        assertErrorPage(authorizeUrl(params("response_type", "code", "client_id", "no-such-app-" + dialect, "scope", "api",
                "redirect_uri", "https://client.example/cb", "state", "s1")), "No app is registered with this client_id.");
    }

    @Test
    void authorizeWhenClientIdMissingThenErrorPageWithoutRedirect() {
        assertErrorPage(authorizeUrl(params("response_type", "code", "scope", "api", "redirect_uri", "https://client.example/cb",
                "state", "s1")), "client_id is missing");
    }

    @Test
    void authorizeWhenRedirectUriNotRegisteredThenErrorPageWithoutRedirect() {
        var client = server.webApp();
        assertErrorPage(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "api",
                "redirect_uri", "https://evil.example/cb", "state", "s1")), "The redirect_uri is not registered for this app.");
    }

    @Test
    void authorizeWhenRedirectUriDiffersOnlyByQueryThenErrorPageWithoutRedirect() {
        var client = server.webApp();
        assertErrorPage(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "api",
                "redirect_uri", client.redirectUri() + "?x=1", "state", "s1")), "The redirect_uri is not registered for this app.");
    }

    @Test
    void authorizeWhenAppPendingThenErrorPageWithoutRedirect() {
        var client = pendingWebApp();
        assertErrorPage(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "api",
                "redirect_uri", client.redirectUri(), "state", "s1")), "is not approved yet.");
    }

    @Test
    void authorizeWhenAppSuspendedThenErrorPageWithoutRedirect() {
        var client = server.webApp();
        long now = server.clock().millis();
        server.wiring().database().inTransaction(tx -> server.wiring().stores().apps().setStatus(tx, client.app().id(), App.Status.SUSPENDED, now));
        assertErrorPage(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "api",
                "redirect_uri", client.redirectUri(), "state", "s1")), "(suspended).");
    }

    @Test
    void authorizeWhenAppHasSeveralRedirectUrisAndNoneSentThenErrorPageWithoutRedirect() {
        var client = server.webApp(null, "https://client.example/one", "https://client.example/two");
        assertErrorPage(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "api", "state", "s1")),
                "The app has several redirect URIs, and the request names none.");
    }

    @Test
    void authorizeWhenClientIdRepeatedThenErrorPageWithoutRedirect() {
        var client = server.webApp();
        assertErrorPage(server.url("/oauth2/authorize.php?response_type=code&client_id=" + enc(client.clientId()) + "&client_id="
                + enc(client.clientId()) + "&redirect_uri=" + enc(client.redirectUri()) + "&state=s1"), null);
    }

    // ---------------------------------------------------------------- redirected back with error, state and iss

    @Test
    void authorizeWhenResponseTypeUnsupportedThenRedirectUnsupportedResponseType() {
        var client = server.webApp();
        assertRedirectError(authorizeUrl(params("response_type", "id_token", "client_id", client.clientId(), "scope", "api",
                "redirect_uri", client.redirectUri(), "state", "st-1 \u00e9+&=")), client.redirectUri(), "unsupported_response_type", "st-1 \u00e9+&=");
    }

    @Test
    void authorizeWhenScopeUnknownThenRedirectInvalidScope() {
        var client = server.webApp();
        assertRedirectError(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "other",
                "redirect_uri", client.redirectUri(), "state", "scope-state")), client.redirectUri(), "invalid_scope", "scope-state");
    }

    @Test
    void authorizeWhenCodeChallengeMethodPlainThenRedirectInvalidRequest() {
        var client = server.webApp();
        assertRedirectError(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "api",
                "redirect_uri", client.redirectUri(), "code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "plain",
                "state", "plain-state")), client.redirectUri(), "invalid_request", "plain-state");
    }

    @Test
    void authorizeWhenCodeChallengeWithoutMethodThenRedirectInvalidRequest() {
        var client = server.webApp();
        // RFC 7636 §4.3: no method means plain, which is refused.
        assertRedirectError(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "api",
                "redirect_uri", client.redirectUri(), "code_challenge", Pkce.s256(VERIFIER), "state", "nomethod-state")),
                client.redirectUri(), "invalid_request", "nomethod-state");
    }

    @Test
    void authorizeWhenWebAppAsksForTokenResponseTypeThenRedirectUnauthorizedClient() {
        var client = server.webApp();
        assertRedirectError(authorizeUrl(params("response_type", "token", "client_id", client.clientId(), "scope", "api",
                "redirect_uri", client.redirectUri(), "state", "web-token")), client.redirectUri(), "unauthorized_client", "web-token");
    }

    @Test
    void authorizeWhenDesktopAppAsksForCodeWithoutPkceThenRedirectInvalidRequest() {
        var client = server.desktopApp(null);
        assertRedirectError(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "api",
                "redirect_uri", client.redirectUri(), "state", "no-pkce")), client.redirectUri(), "invalid_request", "no-pkce");
    }

    @Test
    void authorizeWhenResponseTypeRepeatedThenRedirectInvalidRequestWithState() {
        var client = server.webApp();
        String url = server.url("/oauth2/authorize.php?response_type=code&response_type=code&client_id=" + enc(client.clientId())
                + "&scope=api&redirect_uri=" + enc(client.redirectUri()) + "&state=twice-rt");
        assertRedirectError(url, client.redirectUri(), "invalid_request", "twice-rt");
    }

    @Test
    void authorizeWhenStateRepeatedThenRedirectInvalidRequest() {
        var client = server.webApp();
        String url = server.url("/oauth2/authorize.php?response_type=code&client_id=" + enc(client.clientId())
                + "&scope=api&redirect_uri=" + enc(client.redirectUri()) + "&state=one&state=two");
        // Which state to echo is unknowable; the error and iss must still come back.
        assertRedirectError(url, client.redirectUri(), "invalid_request", null);
    }

    @Test
    void authorizeWhenRegisteredUriHasQueryThenErrorKeepsThatQuery() {
        var client = server.webApp(null, "https://client.example/cb?tenant=7");
        HttpResponse<String> r = server.browser().get(authorizeUrl(params("response_type", "code", "client_id", client.clientId(),
                "scope", "other", "state", "q")));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(Browser.location(r)).startsWith("https://client.example/cb?tenant=7&error=invalid_scope");
        assertThat(Browser.query(Browser.location(r))).containsEntry("tenant", "7").containsEntry("state", "q")
                .containsEntry("iss", server.issuer());
    }

    // ---------------------------------------------------------------- consent form CSRF

    @Test
    void consentPostWhenCsrfWrongThenForbiddenPageAndNoRedirectNorGrant() {
        var client = server.webApp();
        var user = server.user();
        Browser browser = server.browser();
        HttpResponse<String> consent = browser.authorize(authorizeUrl(params("response_type", "code", "client_id", client.clientId(),
                "scope", "api", "redirect_uri", client.redirectUri(), "state", "csrf-state")), user);
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);

        Map<String, String> form = new LinkedHashMap<>(Browser.hiddenFields(consent.body()));
        form.put("csrf", "forged-" + form.get("csrf"));
        form.put("decision", "allow");
        HttpResponse<String> posted = browser.post("/oauth2/authorize.php", form);

        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(403);
        assertThat(posted.headers().firstValue("Location")).isEmpty();
        assertThat(posted.body()).contains("did not come from Rowgate");
        assertThat(server.wiring().consents().active(user.account().id(), client.app().id())).isEmpty();

        form.remove("csrf");
        HttpResponse<String> missing = browser.post("/oauth2/authorize.php", form);
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(403);
        assertThat(missing.headers().firstValue("Location")).isEmpty();
        assertThat(server.wiring().consents().active(user.account().id(), client.app().id())).isEmpty();
    }

    // ---------------------------------------------------------------- loopback redirect, RFC 8252 §7.3

    @Test
    void allowWhenLoopbackRedirectOnAnyPortThenCodeGoesToThatPort() {
        var client = server.desktopApp(null);
        String requested = "http://127.0.0.1:53123/callback";
        Browser browser = server.browser();
        HttpResponse<String> consent = browser.authorize(authorizeUrl(params("response_type", "code", "client_id", client.clientId(),
                "scope", "api", "redirect_uri", requested, "code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256",
                "state", "loop")), server.user());

        HttpResponse<String> back = browser.decide(consent, "allow", null);

        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        String location = Browser.location(back);
        assertThat(location).startsWith(requested + "?code=");
        assertThat(Browser.query(location)).containsEntry("state", "loop").containsEntry("iss", server.issuer());
    }

    @Test
    void authorizeWhenLoopbackErrorOnAnyPortThenErrorGoesToThatPort() {
        var client = server.desktopApp(null);
        String requested = "http://127.0.0.1:53124/callback";
        assertRedirectError(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "other",
                "redirect_uri", requested, "code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256", "state", "lp")),
                requested, "invalid_scope", "lp");
    }

    @Test
    void authorizeWhenLoopbackPathDiffersThenErrorPageWithoutRedirect() {
        var client = server.desktopApp(null);
        assertErrorPage(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "api",
                "redirect_uri", "http://127.0.0.1:53123/other", "code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256",
                "state", "loop")), "The redirect_uri is not registered for this app.");
    }

    @Test
    void authorizeWhenLoopbackHostDiffersThenErrorPageWithoutRedirect() {
        var client = server.desktopApp(null);
        assertErrorPage(authorizeUrl(params("response_type", "code", "client_id", client.clientId(), "scope", "api",
                "redirect_uri", "http://localhost:53123/callback", "code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256",
                "state", "loop")), "The redirect_uri is not registered for this app.");
    }
}
