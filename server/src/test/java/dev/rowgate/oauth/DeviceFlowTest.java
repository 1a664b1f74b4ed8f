package dev.rowgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * integration-protocol.md, "Modern paths": the device authorization grant (RFC 8628) through HTTP, as a
 * command-line tool polls and a person confirms the code in a browser.
 */
class DeviceFlowTest extends AgainstServer {

    private static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

    TokenClient device;

    @BeforeEach
    void setUp() {
        device = new TokenClient(server.issuer());
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode authorizeDevice(TestServer.Client client) {
        HttpResponse<String> r = device.post("/oauth2/device_authorization", Map.of("client_id", client.clientId()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TokenClient.json(r);
    }

    private HttpResponse<String> poll(TestServer.Client client, String deviceCode) {
        return device.post("/oauth2/token", Map.of("grant_type", GRANT_TYPE, "device_code", deviceCode, "client_id", client.clientId()));
    }

    private static void assertError(HttpResponse<String> r, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(TokenClient.json(r).get("error").asText()).as(r.body()).isEqualTo(error);
    }

    /** Opens the verification page with the user code, signed in, and checks it asks about the app. */
    private HttpResponse<String> confirmationPage(Browser browser, TestServer.Client client, String userCode) {
        HttpResponse<String> page = browser.get("/device?user_code=" + URLEncoder.encode(userCode, StandardCharsets.UTF_8));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains(client.app().name()).contains(userCode).contains("value=\"allow\"").contains("value=\"deny\"");
        Map<String, String> hidden = Browser.hiddenFields(page.body());
        assertThat(hidden).containsKeys("csrf", "user_code");
        assertThat(hidden.get("user_code")).isEqualTo(userCode);
        return page;
    }

    private HttpResponse<String> decide(Browser browser, HttpResponse<String> page, String decision) {
        Map<String, String> form = new LinkedHashMap<>(Browser.hiddenFields(page.body()));
        form.put("decision", decision);
        return browser.post("/device", form);
    }

    private Browser signedIn(TestServer.User user) {
        Browser browser = server.browser();
        browser.signIn(user);
        return browser;
    }

    // ---------------------------------------------------------------- tests

    @Test
    void deviceAuthorizationWhenDesktopClientIdThenCodesUrisExpiryAndInterval() {
        var client = server.desktopApp(null);

        HttpResponse<String> r = device.post("/oauth2/device_authorization", Map.of("client_id", client.clientId()));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = TokenClient.json(r);
        assertThat(body.get("device_code").asText()).isNotBlank();
        String userCode = body.get("user_code").asText();
        assertThat(userCode).matches("[A-Z]{4}-[A-Z]{4}");
        assertThat(body.get("verification_uri").asText()).isEqualTo(server.issuer() + "/device");
        assertThat(body.get("verification_uri_complete").asText()).startsWith(server.issuer() + "/device?")
                .contains("user_code=" + userCode);
        assertThat(body.get("expires_in").isIntegralNumber()).isTrue();
        assertThat(body.get("expires_in").asLong()).isEqualTo(600);
        assertThat(body.get("interval").isIntegralNumber()).isTrue();
        assertThat(body.get("interval").asInt()).isEqualTo(5);

        JsonNode second = authorizeDevice(client);
        assertThat(second.get("device_code").asText()).isNotEqualTo(body.get("device_code").asText());
        assertThat(second.get("user_code").asText()).isNotEqualTo(userCode);
    }

    @Test
    void pollWhenPendingThenAuthorizationPendingThenSlowDownThenTokensOnceAfterAllow() {
        var client = server.desktopApp(null);
        var user = server.user();
        JsonNode started = authorizeDevice(client);
        String deviceCode = started.get("device_code").asText();
        String userCode = started.get("user_code").asText();

        // RFC 8628 §3.5: the user has not acted yet.
        assertError(poll(client, deviceCode), "authorization_pending");
        // Again at once, without waiting the interval.
        assertError(poll(client, deviceCode), "slow_down");

        // The user signs in and confirms the code shown by the device.
        Browser browser = signedIn(user);
        HttpResponse<String> page = confirmationPage(browser, client, userCode);
        HttpResponse<String> done = decide(browser, page, "allow");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains(client.app().name() + " is connected");

        // slow_down made the interval 5 + 5 seconds: the well-behaved device waits that long.
        server.clock().advance(Duration.ofSeconds(started.get("interval").asInt() + 5));
        HttpResponse<String> tokens = poll(client, deviceCode);
        JsonNode body = OAuthTestKit.assertFiveFieldTokenResponse(tokens);
        var access = server.wiring().tokenAuth().authenticate(body.get("access_token").asText());
        assertThat(access.accountId()).isEqualTo(user.account().id());
        assertThat(access.appId()).isEqualTo(client.app().id());

        // The device code is single use.
        server.clock().advance(Duration.ofSeconds(10));
        assertError(poll(client, deviceCode), "invalid_grant");
    }

    @Test
    void pollWhenUserDeniedThenAccessDenied() {
        var client = server.desktopApp(null);
        JsonNode started = authorizeDevice(client);
        String deviceCode = started.get("device_code").asText();
        Browser browser = signedIn(server.user());
        HttpResponse<String> done = decide(browser, confirmationPage(browser, client, started.get("user_code").asText()), "deny");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("Access denied");

        server.clock().advance(Duration.ofSeconds(5));
        assertError(poll(client, deviceCode), "access_denied");
    }

    @Test
    void pollWhenDeviceCodeExpiredThenExpiredToken() {
        var client = server.desktopApp(null);
        JsonNode started = authorizeDevice(client);
        String deviceCode = started.get("device_code").asText();

        server.clock().advance(Duration.ofMinutes(10).plusSeconds(1));

        assertError(poll(client, deviceCode), "expired_token");
        // And the verification page no longer accepts its user code.
        Browser browser = signedIn(server.user());
        HttpResponse<String> page = browser.get("/device?user_code=" + started.get("user_code").asText());
        assertThat(page.body()).doesNotContain(client.app().name()).contains("That code is not valid, or has expired.");
    }

    @Test
    void pollWhenDeviceCodeUnknownOrOfAnotherClientThenInvalidGrant() {
        var client = server.desktopApp(null);
        var other = server.desktopApp(null);
        String deviceCode = authorizeDevice(client).get("device_code").asText();

        assertError(poll(client, "not-a-device-code"), "invalid_grant");
        assertError(poll(other, deviceCode), "invalid_grant");
    }

    @Test
    void submitWhenUserCodeWrongThenErrorMessageAndBadRequest() {
        var client = server.desktopApp(null);
        authorizeDevice(client);
        Browser browser = signedIn(server.user());
        HttpResponse<String> form = browser.get("/device");
        assertThat(form.statusCode()).isEqualTo(200);
        Map<String, String> fields = new LinkedHashMap<>(Browser.hiddenFields(form.body()));

        fields.put("user_code", "BCDF-GHJK"); // well-formed, but never issued (the chance of a collision is negligible)
        HttpResponse<String> wrong = browser.post("/device", fields);
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.body()).contains("That code is not valid, or has expired.").doesNotContain(client.app().name());

        fields.put("user_code", "not a code");
        HttpResponse<String> malformed = browser.post("/device", fields);
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.body()).contains("That code is not valid, or has expired.");
    }

    @Test
    void submitWhenUserCodeTypedInLowerCaseWithoutDashThenAppShownForConfirmation() {
        var client = server.desktopApp(null);
        String userCode = authorizeDevice(client).get("user_code").asText();
        Browser browser = signedIn(server.user());
        Map<String, String> fields = new LinkedHashMap<>(Browser.hiddenFields(browser.get("/device").body()));
        fields.put("user_code", userCode.replace("-", "").toLowerCase(java.util.Locale.ROOT));

        HttpResponse<String> confirm = browser.post("/device", fields);

        assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
        assertThat(confirm.body()).contains(client.app().name()).contains(userCode).contains("value=\"allow\"");
    }

    @Test
    void verificationPageWhenSignedOutThenRedirectToLoginKeepingTheCode() {
        var client = server.desktopApp(null);
        String userCode = authorizeDevice(client).get("user_code").asText();

        HttpResponse<String> r = server.browser().get("/device?user_code=" + userCode);

        assertThat(r.statusCode()).isEqualTo(302);
        String location = Browser.location(r);
        assertThat(location).startsWith("/login?return_to=");
        assertThat(Browser.query(location).get("return_to")).isEqualTo("/device?user_code=" + userCode);
    }

    @Test
    void submitWhenCsrfWrongThenForbiddenAndDeviceStaysPending() {
        var client = server.desktopApp(null);
        JsonNode started = authorizeDevice(client);
        Browser browser = signedIn(server.user());
        HttpResponse<String> page = confirmationPage(browser, client, started.get("user_code").asText());
        Map<String, String> form = new LinkedHashMap<>(Browser.hiddenFields(page.body()));
        form.put("csrf", "forged");
        form.put("decision", "allow");

        HttpResponse<String> r = browser.post("/device", form);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertError(poll(client, started.get("device_code").asText()), "authorization_pending");
    }
}
