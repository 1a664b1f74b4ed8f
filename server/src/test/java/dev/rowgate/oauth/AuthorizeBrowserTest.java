package dev.rowgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.apps.InvitationUrl;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.InBrowser;
import dev.rowgate.testing.LoopbackCallback;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * integration-protocol.md's web and desktop flows in a real browser: a person follows an app's invitation URL, signs
 * in by typing, reads the consent page, sets a cap, presses Allow, and the browser lands on the app. The HTTP-level
 * twins (WebFlowTest, DesktopFlowTest) check every header and error; these check that the pages work as pages.
 */
class AuthorizeBrowserTest extends InBrowser {

    /** Characters a state must survive verbatim: reserved, encoded space, plus, non-ASCII. */
    private static final String STATE = "st/a:te+1 \u00e9&=";

    LoopbackCallback callback;
    WebDriver browser;

    @BeforeEach
    void setUp() {
        callback = new LoopbackCallback();
        browser = chromium.driver();
    }

    @AfterEach
    void tearDown() {
        callback.close();
    }

    private static String invitation(TestServer.Client client) {
        return server.wiring().database().read(tx -> server.wiring().stores().apps().findById(tx, client.app().id()))
                .map(a -> InvitationUrl.of(server.issuer(), a)).orElseThrow();
    }

    /** Opens the invitation URL with a state, and signs in on the page it leads to, typing as a person does. */
    private void followInvitationAndSignIn(TestServer.Client client, TestServer.User user) {
        browser.get(invitation(client) + "&state=" + OAuthTestKit.enc(STATE));
        chromium.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("email")));
        assertThat(browser.getCurrentUrl()).startsWith(server.url("/login"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains(client.app().name() + " asks to use your Rowgate account");
        browser.findElement(By.id("email")).sendKeys(user.email());
        browser.findElement(By.id("password")).sendKeys(user.password());
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        chromium.await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("button[value=allow]")));
    }

    private void allow() {
        browser.findElement(By.cssSelector("button[value=allow]")).click();
    }

    private void awaitCallback() {
        chromium.await().until(ExpectedConditions.textToBe(By.id("result"), "callback ok"));
        assertThat(browser.getCurrentUrl()).startsWith(callback.uri() + "?");
    }

    @Test
    void invitationThenSignInConsentWithCapAndAllowLandsOnCallbackWithCodeStateAndIss() {
        var client = server.webApp(null, callback.uri());
        var user = server.user();

        followInvitationAndSignIn(client, user);

        // The consent page: the app's name, what it asks, the user's rows left, the optional monthly cap.
        assertThat(browser.getTitle()).isEqualTo("Authorize " + client.app().name() + " \u00b7 Rowgate");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Authorize " + client.app().name() + "?");
        String page = browser.findElement(By.tagName("main")).getText();
        assertThat(page).contains("spend your API rows").contains(user.email()).contains("50,000").contains("127.0.0.1");
        browser.findElement(By.id("cap")).sendKeys("1234");
        chromium.screenshot("consent-page");
        allow();

        awaitCallback();
        Map<String, String> back = callback.onlyQuery();
        assertThat(back).containsOnlyKeys("code", "state", "iss");
        assertThat(back.get("state")).isEqualTo(STATE);
        assertThat(back.get("iss")).isEqualTo(server.issuer());

        // The app's side: the code exchanges for tokens, and the token calls the v2 API within the cap the user set.
        JsonNode tokens = OAuthTestKit.assertFiveFieldTokenResponse(new TokenClient(server.issuer()).post("/oauth2/token.php",
                OAuthTestKit.codeExchange(client, back.get("code"), Map.of("redirect_uri", callback.uri()))));
        JsonNode info = TokenClient.json(Http.get(server.url("/v2/?from=subscription_info&token=" + tokens.get("access_token").asText())));
        assertThat(info.path("info").path("rows_left").asLong()).as(info.toString()).isEqualTo(1234);
        var access = server.wiring().tokenAuth().authenticate(tokens.get("access_token").asText());
        assertThat(access.accountId()).isEqualTo(user.account().id());
        var grant = server.wiring().database().read(tx -> server.wiring().stores().grants().findById(tx, access.grantId())).orElseThrow();
        assertThat(grant.monthlyCap()).isEqualTo(1234L);
    }

    @Test
    void desktopInvitationWithTokenResponseTypeThenAllowLandsOnCallbackWithTokenInQuery() {
        var client = server.desktopApp(null, callback.uri());
        var user = server.user();

        followInvitationAndSignIn(client, user);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Authorize " + client.app().name() + "?");
        allow();

        awaitCallback();
        Map<String, String> back = callback.onlyQuery();
        assertThat(back).containsOnlyKeys("token", "state", "iss");
        assertThat(back.get("token")).matches("[0-9a-f]{40}");
        assertThat(back.get("state")).isEqualTo(STATE);
        assertThat(back.get("iss")).isEqualTo(server.issuer());
        JsonNode info = TokenClient.json(Http.get(server.url("/v2/?from=subscription_info&token=" + back.get("token"))));
        assertThat(info.path("info").path("rows_left").asLong()).as(info.toString()).isEqualTo(50_000);
    }

    @Test
    void tokenDisplayAfterAllowShowsTokenAndCopyButtonWorksUnderTheContentSecurityPolicy() {
        var client = server.desktopApp(null, server.issuer() + "/oauth2/token-display");
        followInvitationAndSignIn(client, server.user());
        allow();

        chromium.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("copy")));
        String token = browser.findElement(By.id("token")).getDomProperty("value");
        assertThat(token).matches("[0-9a-f]{40}");
        assertThat(browser.getCurrentUrl()).doesNotContain(token);
        browser.findElement(By.id("copy")).click();

        // copy.js (script-src 'self') ran: the button says so once the clipboard took the token.
        chromium.await().until(ExpectedConditions.textToBe(By.id("copy"), "Copied"));
        chromium.screenshot("token-display");
        assertThat(chromium.console()).as("browser console").noneMatch(line -> line.contains("Content Security Policy"))
                .noneMatch(line -> line.contains("SEVERE"));

        // Control: the console does report a CSP violation, so the check above is not vacuous.
        ((JavascriptExecutor) browser).executeScript(
                "var s = document.createElement('script'); s.textContent = 'window.ran = true'; document.body.appendChild(s);");
        List<String> console = new ArrayList<>();
        chromium.await().until(d -> console.addAll(chromium.console()) && String.join("\n", console).contains("Content Security Policy"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.ran === true")).isEqualTo(false);
        assertThat(TokenClient.json(Http.get(server.url("/v2/?from=subscription_info&token=" + token))).path("info").path("rows_left").asLong())
                .isEqualTo(50_000);
    }
}
