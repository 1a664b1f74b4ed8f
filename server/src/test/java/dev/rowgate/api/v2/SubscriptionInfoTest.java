package dev.rowgate.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.ledger.ChargeRequest;
import dev.rowgate.ledger.ChargeResult;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** api-v2.md through HTTP: request forms, subscription_info in the three formats, and the legacy error answers. */
class SubscriptionInfoTest extends AgainstServer {

    private record Token(String access, TestServer.Client client, TestServer.User user) {}

    /** An app's access token for a fresh user on the test plan (50,000 integration rows), with an optional cap. */
    private Token token(String cap) {
        var client = server.webApp();
        var user = server.user();
        Browser browser = server.browser();
        var consent = browser.authorize(server.url("/oauth2/authorize.php?response_type=code&client_id=" + client.clientId() + "&state=s"), user);
        String code = Browser.query(Browser.location(browser.decide(consent, "allow", cap))).get("code");
        String access = OAuthTestKit.tokens(new TokenClient(server.issuer()), client, code).get("access_token").asText();
        return new Token(access, client, user);
    }

    private HttpResponse<String> v2(String query) {
        return Http.get(server.url("/v2/?" + query));
    }

    @Test
    void subscriptionInfoWithTokenParameterAnswersJsonWithRowsHeaders() {
        Token t = token(null);
        HttpResponse<String> r = v2("token=" + t.access() + "&from=subscription_info&output=json");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"info\":{\"rows_left\":50000,\"rows_limit\":50000,\"subscription\":\"Test plan\"}}");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).matches("application/json; ?charset=utf-8"));
        assertThat(r.headers().firstValue("X-Rows-Charged")).contains("0");
        assertThat(r.headers().firstValue("X-Rows-Left")).contains("50000");
        assertThat(r.headers().firstValue("X-Results-Count")).contains("1");
    }

    @Test
    void anyRequestFormAnyOrderBearerOrPostAndUnknownParametersIgnored() throws Exception {
        Token t = token(null);
        String expected = v2("from=subscription_info&token=" + t.access()).body();
        assertThat(expected).contains("\"rows_left\":50000");

        var bearer = Http.send(HttpRequest.newBuilder(URI.create(server.url("/v2?from=subscription_info&unknown=1")))
                .header("Authorization", "Bearer " + t.access()).GET().build());
        var post = Http.send(HttpRequest.newBuilder(URI.create(server.url("/v2/?output=json&mode=domain&from=subscription_info&token=" + t.access())))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("any=body")).build());

        assertThat(bearer.body()).isEqualTo(expected);
        assertThat(post.body()).isEqualTo(expected);
    }

    @Test
    void capOfTheGrantBoundsRowsLeftAndLimitAndChargesShowUp() {
        Token t = token("1000");
        var access = server.wiring().tokenAuth().authenticate(t.access());
        ChargeResult charged = server.wiring().ledger().charge(new ChargeRequest(access.accountId(), new ChargeRequest.Via.App(access.grantId()),
                "test", null, 300, null));
        assertThat(charged).isInstanceOf(ChargeResult.Charged.class);

        HttpResponse<String> r = v2("token=" + t.access() + "&from=subscription_info");

        assertThat(r.body()).isEqualTo("{\"info\":{\"rows_left\":700,\"rows_limit\":1000,\"subscription\":\"Test plan\"}}");
        assertThat(r.headers().firstValue("X-Rows-Left")).contains("700");
    }

    @Test
    void personalKeyReportsApiRowsAndStopsWorkingWhenRevoked() {
        var user = server.user();
        var created = server.wiring().apiKeys().create(user.account().id(), "laptop");
        assertThat(created.secret()).matches("[0-9a-f]{40}");

        assertThat(v2("token=" + created.secret() + "&from=subscription_info").body())
                .isEqualTo("{\"info\":{\"rows_left\":1000,\"rows_limit\":1000,\"subscription\":\"Test plan\"}}");

        assertThat(server.wiring().apiKeys().revoke(user.account().id(), created.key().id())).isTrue();
        assertThat(v2("token=" + created.secret() + "&from=subscription_info").body()).isEqualTo("{\"error\":\"invalid token\"}");
    }

    @Test
    void xmlAndPhpOutputs() {
        Token t = token(null);
        assertThat(v2("token=" + t.access() + "&from=subscription_info&output=xml").body()).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><AhrefsApiResponse><info><rows_left>50000</rows_left><rows_limit>50000</rows_limit>"
                        + "<subscription>Test plan</subscription></info></AhrefsApiResponse>");
        assertThat(v2("token=" + t.access() + "&from=subscription_info&output=php").body()).isEqualTo(
                "a:1:{s:4:\"info\";a:3:{s:9:\"rows_left\";i:50000;s:10:\"rows_limit\";i:50000;s:12:\"subscription\";s:9:\"Test plan\";}}");
    }

    @Test
    void invalidMissingOrRevokedTokenAnswersHttp200WithTheLegacyError() {
        Token t = token(null);
        for (String query : new String[] {"from=subscription_info", "token=nope&from=subscription_info",
                "token=" + "a".repeat(40) + "&from=subscription_info"}) {
            HttpResponse<String> r = v2(query);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"error\":\"invalid token\"}");
        }
        var revoke = new TokenClient(server.issuer()).post("/oauth2/revoke", Map.of("token", t.access(), "client_id", t.client().clientId(),
                "client_secret", t.client().secret()));
        assertThat(revoke.statusCode()).isEqualTo(200);

        assertThat(v2("token=" + t.access() + "&from=subscription_info").body()).isEqualTo("{\"error\":\"invalid token\"}");
        assertThat(v2("token=" + t.access() + "&from=subscription_info&output=xml").body())
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><AhrefsApiResponse><error>invalid token</error></AhrefsApiResponse>");
    }

    @Test
    void badParametersAreNamed() {
        Token t = token(null);
        assertThat(v2("token=" + t.access() + "&from=foo").body()).isEqualTo("{\"error\":\"unknown table \\\"foo\\\"\"}");
        assertThat(v2("token=" + t.access() + "&from=backlinks&target=example.com&mode=domain&where=domain_rating%3E5").body())
                .isEqualTo("{\"error\":\"column \\\"domain_rating\\\" can not be used in \\\"where\\\"\"}");
        assertThat(v2("token=" + t.access() + "&from=backlinks&select=url_from,nope").body())
                .isEqualTo("{\"error\":\"unknown column \\\"nope\\\" in \\\"select\\\" of table \\\"backlinks\\\"\"}");
        assertThat(v2("token=" + t.access()).body()).isEqualTo("{\"error\":\"parameter \\\"from\\\" is required\"}");
        assertThat(v2("token=" + t.access() + "&from=subscription_info&output=csv").body())
                .isEqualTo("{\"error\":\"parameter \\\"output\\\" must be json, xml or php\"}");
        assertThat(v2("token=" + t.access() + "&from=subscription_info&limit=ten").body())
                .isEqualTo("{\"error\":\"parameter \\\"limit\\\" must be a whole number of 0 or more\"}");
    }
}
