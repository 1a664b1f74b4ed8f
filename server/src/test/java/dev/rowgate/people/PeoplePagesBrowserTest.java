package dev.rowgate.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.testing.InBrowser;
import dev.rowgate.testing.LoopbackCallback;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The people's pages in a real browser, end to end (issue 4): a developer submits an app through the form and copies
 * its invitation URL from the apps list; an operator approves it in the review queue; a user follows the invitation,
 * signs in, allows with a cap and lands on the app's callback with code and state; the app exchanges the code and
 * its token works; the user revokes the app on the connected-apps page and the token stops working. Every page is checked for console errors (CSP violations among them). The
 * HTTP-level tests (DeveloperPortalTest, AccountPagesTest) cover every rule; this checks the pages work as pages.
 */
class PeoplePagesBrowserTest extends InBrowser {

    LoopbackCallback callback;
    WebDriver browser;

    @BeforeEach
    void setUp() {
        callback = new LoopbackCallback();
        browser = chromium.driver();
        server.wiring().lifecycle().setAutoApprove(false);
    }

    @AfterEach
    void tearDown() {
        callback.close();
    }

    private TestServer.User operator() {
        String email = "operator" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String password = "operator-password-1";
        return new TestServer.User(email, password,
                server.wiring().accountRegistration().create(email, password, dev.rowgate.accounts.Account.Role.ADMIN, null));
    }

    private void signOut() {
        browser.findElement(By.cssSelector("header button[type=submit]")).click();
        chromium.await().until(ExpectedConditions.visibilityOfElementLocated(By.linkText("Sign in")));
    }

    private String v2SubscriptionInfo(String accessToken) {
        return dev.rowgate.testing.Http.get(server.url("/v2?from=subscription_info&output=json&token=" + accessToken)).body();
    }

    private void signInOnLoginPage(TestServer.User user) {
        chromium.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        browser.findElement(By.id("email")).sendKeys(user.email());
        browser.findElement(By.id("password")).sendKeys(user.password());
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
    }

    private void assertCleanConsole(String page) {
        assertThat(chromium.console()).as("browser console on " + page).isEmpty();
    }

    @Test
    void developerSubmitsAppAndCopiesInvitationThenUserConnectsItSeesItOnAccountAndRevokesIt() {
        String name = "Rank Tracker " + UUID.randomUUID().toString().substring(0, 6);

        // The developer: the portal asks to sign in first, then the form, then the new app with its secret.
        browser.get(server.url("/developer"));
        signInOnLoginPage(server.user());
        chromium.await().until(ExpectedConditions.elementToBeClickable(By.linkText("Submit a new app"))).click();
        chromium.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("name"))).sendKeys(name);
        browser.findElement(By.id("description")).sendKeys("Tracks rankings");
        browser.findElement(By.cssSelector("input[name=type][value=web]")).click();
        browser.findElement(By.id("redirect_uris")).sendKeys(callback.uri());
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
        chromium.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("new-secret")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith(name).contains("pending");
        String secret = browser.findElement(By.id("new-secret")).getDomProperty("value");
        assertCleanConsole("the new app");

        // The apps list: the app with its invitation URL, copied with the button.
        browser.findElement(By.linkText("\u2190 Your apps")).click();
        By invite = By.cssSelector(".app-card input[id^=invite-]");
        chromium.await().until(ExpectedConditions.visibilityOfElementLocated(invite));
        assertThat(browser.findElement(By.cssSelector(".app-card h2")).getText()).contains(name);
        String invitation = browser.findElement(invite).getDomProperty("value");
        assertThat(invitation).startsWith(server.url("/oauth2/authorize.php?response_type=code&client_id="))
                .contains("redirect_uri=" + OAuthTestKit.enc(callback.uri()));
        By copy = By.cssSelector(".app-card button[data-copy]");
        browser.findElement(copy).click();
        chromium.await().until(ExpectedConditions.textToBe(copy, "Copied"));
        chromium.screenshot("apps-list");
        assertCleanConsole("the apps list");

        String clientId = java.net.URLDecoder.decode(invitation.replaceAll(".*client_id=([^&]*).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);
        signOut();

        // The operator: the review queue lists the app as pending; Approve.
        browser.get(server.url("/admin/apps?status=pending"));
        signInOnLoginPage(operator());
        By approve = By.cssSelector("button[aria-label='approve " + name + "']");
        chromium.await().until(ExpectedConditions.elementToBeClickable(approve));
        chromium.screenshot("review-queue");
        browser.findElement(approve).click();
        chromium.await().until(ExpectedConditions.invisibilityOfElementLocated(approve));
        assertThat(server.wiring().database().read(tx -> server.wiring().stores().apps().findByClientId(tx, clientId)).orElseThrow().status())
                .isEqualTo(dev.rowgate.apps.App.Status.APPROVED);
        assertCleanConsole("the review queue");
        signOut();

        // A user: the invitation, sign-in, consent with a cap, back at the app.
        var user = server.user();
        browser.get(invitation + "&state=from-the-portal");
        signInOnLoginPage(user);
        chromium.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("cap"))).sendKeys("500");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Authorize " + name + "?");
        browser.findElement(By.cssSelector("button[value=allow]")).click();
        chromium.await().until(ExpectedConditions.textToBe(By.id("result"), "callback ok"));
        assertThat(callback.onlyQuery()).containsKey("code").containsEntry("state", "from-the-portal");

        // The app exchanges the code with the secret it was shown; its token spends the user's rows.
        var token = new dev.rowgate.testing.TokenClient(server.issuer()).post("/oauth2/token.php", java.util.Map.of(
                "grant_type", "authorization_code", "code", callback.onlyQuery().get("code"), "client_id", clientId,
                "client_secret", secret, "redirect_uri", callback.uri()));
        String accessToken = OAuthTestKit.assertFiveFieldTokenResponse(token).get("access_token").asText();
        assertThat(v2SubscriptionInfo(accessToken)).contains("\"rows_left\":500").doesNotContain("error");

        // The account page lists the connected app with its cap; Revoke takes it off.
        browser.get(server.url("/account"));
        By connected = By.cssSelector("article.connected");
        chromium.await().until(ExpectedConditions.visibilityOfElementLocated(connected));
        assertThat(browser.findElement(connected).getText()).contains(name).contains("of 500 (cap)");
        chromium.screenshot("connected-apps");
        assertCleanConsole("the account page");
        browser.findElement(By.cssSelector("article.connected button.danger")).click();
        chromium.await().until(ExpectedConditions.invisibilityOfElementLocated(connected));
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=apps]")).getText()).contains("No app can spend your rows");
        assertCleanConsole("the account page after revoking");
        assertThat(v2SubscriptionInfo(accessToken)).contains("invalid token");
    }
}
