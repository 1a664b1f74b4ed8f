package dev.rowgate.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.apps.InvitationUrl;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Signing in through {@code /login} and out through {@code /logout}, as a browser does: the same answer for a wrong
 * password and an unknown email, throttling after repeated failures (lifted by time, moved by the test clock), CSRF on
 * the form, the session cookie's attributes, and return_to kept on this host.
 */
class LoginTest extends AgainstServer {

    private static final Pattern LOCKED = Pattern.compile("Too many failed sign-in attempts\\. Try again in (\\d+) seconds?\\.");

    /** Loads the form (for its csrf cookie and field) and posts it. */
    private static HttpResponse<String> submit(Browser browser, String email, String password, String returnTo) {
        HttpResponse<String> form = browser.get(returnTo == null ? "/login" : "/login?return_to=" + java.net.URLEncoder.encode(returnTo,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        Map<String, String> hidden = Browser.hiddenFields(form.body());
        return browser.post("/login", Map.of("email", email, "password", password, "csrf", hidden.get("csrf"),
                "return_to", hidden.get("return_to")));
    }

    private static List<String> setCookies(HttpResponse<?> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).toList();
    }

    @Test
    void loginWhenPasswordWrongThenUnauthorizedPageWithGenericMessage() {
        var user = server.user();

        HttpResponse<String> r = submit(server.browser(), user.email(), user.password() + "x", null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body()).contains(Login.WRONG).contains("Wrong email or password.");
        assertThat(setCookies(r, BrowserSession.COOKIE)).isEmpty();
    }

    @Test
    void loginWhenEmailUnknownThenSameMessageAsWrongPassword() {
        var user = server.user();
        HttpResponse<String> wrongPassword = submit(server.browser(), user.email(), "not-the-password", null);
        HttpResponse<String> unknown = submit(server.browser(), "nobody-" + System.nanoTime() + "@example.com", "not-the-password", null);

        assertThat(unknown.statusCode()).isEqualTo(401).isEqualTo(wrongPassword.statusCode());
        assertThat(errorOf(unknown.body())).isEqualTo(errorOf(wrongPassword.body())).isEqualTo("Wrong email or password.");
        assertThat(setCookies(unknown, BrowserSession.COOKIE)).isEmpty();
    }

    private static String errorOf(String html) {
        Matcher m = Pattern.compile("<p class=\"error\" role=\"alert\">([^<]*)</p>").matcher(html);
        assertThat(m.find()).as(html).isTrue();
        return m.group(1);
    }

    @Test
    void loginWhenFiveFailuresThenLockedEvenWithRightPasswordUntilClockPassesTheLock() {
        var user = server.user();
        Browser browser = server.browser();
        for (int i = 1; i <= 4; i++) {
            HttpResponse<String> r = submit(browser, user.email(), "wrong-" + i, null);
            assertThat(r.statusCode()).as("failure " + i + ": " + r.body()).isEqualTo(401);
            assertThat(r.body()).contains("Wrong email or password.");
        }
        HttpResponse<String> fifth = submit(browser, user.email(), "wrong-5", null);
        assertThat(fifth.statusCode()).as(fifth.body()).isIn(401, 429);

        HttpResponse<String> locked = submit(browser, user.email(), user.password(), null);

        assertThat(locked.statusCode()).as(locked.body()).isEqualTo(429);
        assertThat(setCookies(locked, BrowserSession.COOKIE)).isEmpty();
        Matcher m = LOCKED.matcher(locked.body());
        assertThat(m.find()).as(locked.body()).isTrue();
        long seconds = Long.parseLong(m.group(1));
        assertThat(seconds).isPositive();

        // The lock holds until its time has passed, for the right password too.
        HttpResponse<String> stillLocked = submit(browser, user.email(), user.password(), null);
        assertThat(stillLocked.statusCode()).isEqualTo(429);

        server.clock().advance(Duration.ofSeconds(seconds + 1));
        HttpResponse<String> ok = submit(browser, user.email(), user.password(), null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
        assertThat(setCookies(ok, BrowserSession.COOKIE)).hasSize(1);
    }

    @Test
    void loginWhenAnotherEmailIsLockedThenThisOneSignsIn() {
        var locked = server.user();
        var fine = server.user();
        Browser browser = server.browser();
        for (int i = 1; i <= 5; i++) submit(browser, locked.email(), "wrong-" + i, null);
        assertThat(submit(browser, locked.email(), locked.password(), null).statusCode()).isEqualTo(429);

        HttpResponse<String> ok = submit(server.browser(), fine.email(), fine.password(), null);

        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
    }

    @Test
    void loginWhenCsrfWrongOrMissingThenForbidden() {
        var user = server.user();
        Browser browser = server.browser();
        HttpResponse<String> form = browser.get("/login");
        String csrf = Browser.hiddenFields(form.body()).get("csrf");

        HttpResponse<String> wrong = browser.post("/login", Map.of("email", user.email(), "password", user.password(), "csrf", csrf + "x",
                "return_to", "/"));
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(403);
        assertThat(wrong.headers().firstValue("Location")).isEmpty();
        assertThat(setCookies(wrong, BrowserSession.COOKIE)).isEmpty();

        HttpResponse<String> missing = browser.post("/login", Map.of("email", user.email(), "password", user.password(), "return_to", "/"));
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(403);
        assertThat(setCookies(missing, BrowserSession.COOKIE)).isEmpty();

        // A browser that never loaded the form has no csrf cookie: a guessed field is refused too.
        HttpResponse<String> noCookie = server.browser().post("/login", Map.of("email", user.email(), "password", user.password(),
                "csrf", csrf, "return_to", "/"));
        assertThat(noCookie.statusCode()).as(noCookie.body()).isEqualTo(403);
    }

    @Test
    void loginWhenSuccessfulThenSessionCookieHttpOnlyAndSameSiteLax() {
        var user = server.user();

        HttpResponse<String> r = submit(server.browser(), user.email(), user.password(), null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(Browser.location(r)).isEqualTo("/");
        List<String> cookies = setCookies(r, BrowserSession.COOKIE);
        assertThat(cookies).hasSize(1);
        String cookie = cookies.getFirst();
        assertThat(cookie).matches(BrowserSession.COOKIE + "=[A-Za-z0-9_-]{20,};.*");
        List<String> attributes = List.of(cookie.split(";\\s*"));
        assertThat(attributes).anySatisfy(a -> assertThat(a).isEqualToIgnoringCase("HttpOnly"));
        assertThat(attributes).anySatisfy(a -> assertThat(a).isEqualToIgnoringCase("SameSite=Lax"));
        assertThat(attributes).anySatisfy(a -> assertThat(a).isEqualToIgnoringCase("Path=/"));
    }

    @Test
    void logoutWhenSignedInThenSessionEndsAndAuthorizeAsksToSignInAgain() {
        var user = server.user();
        var client = server.webApp();
        String invitation = server.wiring().database().read(tx -> server.wiring().stores().apps().findById(tx, client.app().id()))
                .map(a -> InvitationUrl.of(server.issuer(), a)).orElseThrow() + "&state=out";
        Browser browser = server.browser();
        assertThat(submit(browser, user.email(), user.password(), null).statusCode()).isEqualTo(303);
        HttpResponse<String> consent = browser.get(invitation);
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);

        HttpResponse<String> home = browser.get("/");
        assertThat(home.body()).contains(user.email());
        HttpResponse<String> out = browser.post("/logout", Map.of("csrf", Browser.hiddenFields(home.body()).get("csrf")));

        assertThat(out.statusCode()).as(out.body()).isEqualTo(303);
        assertThat(Browser.location(out)).isEqualTo("/");
        HttpResponse<String> again = browser.get(invitation);
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(Browser.location(again)).startsWith("/login?return_to=");
        assertThat(browser.get("/").body()).doesNotContain(user.email());
    }

    @Test
    void logoutWhenCsrfWrongThenForbiddenAndStillSignedIn() {
        var user = server.user();
        Browser browser = server.browser();
        assertThat(submit(browser, user.email(), user.password(), null).statusCode()).isEqualTo(303);

        HttpResponse<String> out = browser.post("/logout", Map.of("csrf", "forged"));

        assertThat(out.statusCode()).isEqualTo(403);
        assertThat(browser.get("/").body()).contains(user.email());
    }

    @Test
    void loginWhenReturnToIsAnotherHostThenRedirectsHome() {
        for (String evil : List.of("//evil.example", "https://evil.example", "//evil.example/oauth2/authorize.php", "/\\evil.example")) {
            var user = server.user();
            Browser browser = server.browser();
            HttpResponse<String> form = browser.get("/login?return_to=" + java.net.URLEncoder.encode(evil, java.nio.charset.StandardCharsets.UTF_8));
            String csrf = Browser.hiddenFields(form.body()).get("csrf");

            // Posted directly too, as a forged form would.
            HttpResponse<String> r = browser.post("/login", Map.of("email", user.email(), "password", user.password(), "csrf", csrf,
                    "return_to", evil));

            assertThat(r.statusCode()).as(evil + ": " + r.body()).isEqualTo(303);
            assertThat(Browser.location(r)).as(evil).isEqualTo("/");
        }
    }

    @Test
    void loginWhenReturnToIsLocalPathThenRedirectsThere() {
        var user = server.user();

        HttpResponse<String> r = submit(server.browser(), user.email(), user.password(), "/device?user_code=BCDF-GHJK");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(Browser.location(r)).isEqualTo("/device?user_code=BCDF-GHJK");
    }
}
