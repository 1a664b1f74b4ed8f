package dev.rowgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** integration-protocol.md, "Web applications", steps 1 to 7, through HTTP as an app and a browser do them. */
class WebFlowTest extends AgainstServer {

    TokenClient app;

    @BeforeEach
    void setUp() {
        app = new TokenClient(server.issuer());
    }

    private String invitation(TestServer.Client client) {
        return server.wiring().database().read(tx -> server.wiring().stores().apps().findById(tx, client.app().id()))
                .map(a -> dev.rowgate.apps.InvitationUrl.of(server.issuer(), a)).orElseThrow();
    }

    @Test
    void invitationThenLoginConsentAllowCallbackAndExchangeGivesExactlyFiveFields() {
        var client = server.webApp(null, "https://client.example/cb?tenant=7");
        var user = server.user();
        Browser browser = server.browser();

        // 1. The app appends &state=... to its invitation URL.
        HttpResponse<String> consent = browser.authorize(invitation(client) + "&state=" + "s%2B1%20%C3%A9", user);

        // 2. The prompt: app name, that it asks to spend API rows, rows left, an optional cap, Allow / Deny.
        assertThat(consent.statusCode()).isEqualTo(200);
        assertThat(consent.body()).contains(client.app().name()).contains("spend your API rows").contains("50,000")
                .contains("name=\"cap\"").contains("value=\"allow\"").contains("value=\"deny\"").contains("name=\"csrf\"");
        assertThat(consent.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(consent.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
        assertThat(consent.headers().firstValue("Referrer-Policy")).contains("no-referrer");

        // 3. Allow: 302 to redirect_uri with code and state added, keeping the registered query, with iss (RFC 9207).
        HttpResponse<String> callback = browser.decide(consent, "allow", "1000");
        assertThat(callback.statusCode()).isEqualTo(302);
        String location = Browser.location(callback);
        assertThat(location).startsWith("https://client.example/cb?tenant=7&code=");
        Map<String, String> params = Browser.query(location);
        assertThat(params.get("state")).isEqualTo("s+1 \u00e9");
        assertThat(params.get("iss")).isEqualTo(server.issuer());
        assertThat(params.get("code")).matches("[A-Za-z0-9_-]{43}");

        // 5. and 6. The exchange: body credentials, both charset variants of the content type.
        HttpResponse<String> token = app.post("/oauth2/token.php", Map.of("grant_type", "authorization_code", "code", params.get("code"),
                "client_id", client.clientId(), "client_secret", client.secret(), "redirect_uri", client.redirectUri()));
        JsonNode body = OAuthTestKit.assertFiveFieldTokenResponse(token);
        assertThat(token.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));

        // The token acts for the user, through the grant with the cap the user set.
        var access = server.wiring().tokenAuth().authenticate(body.get("access_token").asText());
        assertThat(access.accountId()).isEqualTo(user.account().id());
        assertThat(access.appId()).isEqualTo(client.app().id());
        var grant = server.wiring().database().read(tx -> server.wiring().stores().grants().findById(tx, access.grantId())).orElseThrow();
        assertThat(grant.monthlyCap()).isEqualTo(1000L);
    }

    @Test
    void denyRedirectsAccessDeniedWithStateAndIss() {
        var client = server.webApp();
        Browser browser = server.browser();
        HttpResponse<String> consent = browser.authorize(invitation(client) + "&state=deny-me", server.user());

        HttpResponse<String> back = browser.decide(consent, "deny", null);

        assertThat(back.statusCode()).isEqualTo(302);
        Map<String, String> params = Browser.query(Browser.location(back));
        assertThat(params).containsEntry("error", "access_denied").containsEntry("state", "deny-me").containsEntry("iss", server.issuer())
                .doesNotContainKey("code");
    }

    @Test
    void consentIsRememberedUntilTheAppAsksAgain() {
        var client = server.webApp();
        var user = server.user();
        Browser browser = server.browser();
        HttpResponse<String> first = browser.decide(browser.authorize(invitation(client) + "&state=a", user), "allow", "");
        assertThat(first.statusCode()).isEqualTo(302);

        HttpResponse<String> again = browser.get(invitation(client) + "&state=b");
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(Browser.query(Browser.location(again))).containsKey("code").containsEntry("state", "b");

        HttpResponse<String> prompted = browser.get(invitation(client) + "&state=c&prompt=consent");
        assertThat(prompted.statusCode()).isEqualTo(200);
        assertThat(prompted.body()).contains("spend your API rows");
    }

    @Test
    void basicAuthWithClientIdContainingSpacesEncodedOrRaw() {
        var client = server.webApp("Serp Avenger-development " + dialect);
        var user = server.user();
        Browser browser = server.browser();
        for (String authorization : List.of(TokenClient.basic(client.clientId(), client.secret()),
                TokenClient.basicRaw(client.clientId(), client.secret()))) {
            HttpResponse<String> consentOrBack = browser.authorize(invitation(client) + "&state=x", user);
            HttpResponse<String> back = consentOrBack.statusCode() == 200 ? browser.decide(consentOrBack, "allow", null) : consentOrBack;
            String code = Browser.query(Browser.location(back)).get("code");

            HttpResponse<String> token = app.post("/oauth2/token", Map.of("grant_type", "authorization_code", "code", code,
                    "redirect_uri", client.redirectUri()), authorization);

            assertThat(token.statusCode()).as(authorization + " -> " + token.body()).isEqualTo(200);
        }
    }

    @Test
    void tokenRequestWithCharsetInContentTypeIsAccepted() {
        var client = server.webApp();
        Browser browser = server.browser();
        String code = Browser.query(Browser.location(browser.decide(browser.authorize(invitation(client), server.user()), "allow", null))).get("code");
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/oauth2/token.php")))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Browser.encode(Map.of("grant_type", "authorization_code", "code", code,
                        "client_id", client.clientId(), "client_secret", client.secret(), "redirect_uri", client.redirectUri())))).build();
        assertThat(dev.rowgate.testing.Http.send(request).statusCode()).isEqualTo(200);
    }
}
