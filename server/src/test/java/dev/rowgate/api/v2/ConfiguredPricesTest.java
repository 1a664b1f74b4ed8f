package dev.rowgate.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.linkdata.Loader;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import dev.rowgate.web.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** api-v2.md: "The prices are configuration, with these defaults"; and the free targets, which cost nothing. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(Dialect.class)
class ConfiguredPricesTest {

    static final String PAID = "paid" + Fixtures.next() + ".example";
    static final String FREE = "free" + Fixtures.next() + ".example";
    static TestServer server;

    @Parameter
    Dialect dialect;

    @BeforeParameterizedClassInvocation
    static void start(Dialect dialect) throws Exception {
        server = TestServer.start(dialect, Map.of("prices.backlinks.request", "2", "prices.backlinks.per_result", "0.5",
                "prices.domain_rating.request", "3", "prices.free_targets", FREE));
        Path file = Files.createTempFile("prices-", ".jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            String from = "https://from" + i + "-" + Fixtures.next() + ".example/";
            lines.append("{\"url_from\":\"").append(from).append("\",\"url_to\":\"https://").append(PAID).append("/\",\"anchor\":\"a").append(i).append("\"}\n");
            lines.append("{\"url_from\":\"").append(from).append("\",\"url_to\":\"https://blog.").append(FREE).append("/\",\"anchor\":\"b").append(i).append("\"}\n");
        }
        Files.writeString(file, lines);
        new Loader(server.wiring().database(), server.wiring().stores().linkData()).load(List.of(file), null);
        Files.delete(file);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (server != null) server.close();
        server = null;
    }

    /** An app's token whose grant has the given monthly cap (null: none). */
    private static String token(String cap) {
        var client = server.webApp();
        Browser browser = server.browser();
        var consent = browser.authorize(server.url("/oauth2/authorize.php?response_type=code&client_id=" + client.clientId() + "&state=s"), server.user());
        String code = Browser.query(Browser.location(browser.decide(consent, "allow", cap))).get("code");
        return OAuthTestKit.tokens(new TokenClient(server.issuer()), client, code).get("access_token").asText();
    }

    private static HttpResponse<String> v2(String token, String query) {
        return Http.get(server.url("/v2/?token=" + token + "&" + query));
    }

    @Test
    void aConfiguredPriceIsWhatTheCallCosts() throws Exception {
        HttpResponse<String> r = v2(token(null), "from=backlinks&target=" + PAID + "&mode=domain");
        assertThat(Json.MAPPER.readTree(r.body()).get("refpages")).as(r.body()).hasSize(4);
        assertThat(r.headers().firstValue("X-Rows-Charged")).contains("4"); // 2 + 4 x 0.5
        HttpResponse<String> rating = v2(token(null), "from=domain_rating&target=" + PAID);
        assertThat(rating.headers().firstValue("X-Rows-Charged")).contains("4"); // 3 + 1 result x 1
        assertThat(server.wiring().ledger().verify().clean()).isTrue();
    }

    @Test
    void aFreeTargetAndItsSubdomainsCostNothingEvenWithoutRowsLeft() throws Exception {
        String capped = token("1"); // the cap cannot pay for any backlinks call (2 rows at least)
        JsonNode refused = Json.MAPPER.readTree(v2(capped, "from=backlinks&target=" + PAID + "&mode=domain").body());
        assertThat(refused.get("error").asText()).isEqualTo("Integration limit is exceeded");

        long rowsBefore = server.wiring().ledger().verify().rows();
        HttpResponse<String> free = v2(capped, "from=backlinks&target=www." + FREE + "&mode=subdomains&limit=3");
        assertThat(Json.MAPPER.readTree(free.body()).get("refpages")).as(free.body()).hasSize(3);
        assertThat(free.headers().firstValue("X-Rows-Charged")).contains("0");
        assertThat(free.headers().firstValue("X-Rows-Left")).contains("1");
        HttpResponse<String> rating = v2(capped, "from=domain_rating&target=" + FREE);
        assertThat(Json.MAPPER.readTree(rating.body()).has("domain")).as(rating.body()).isTrue();
        assertThat(rating.headers().firstValue("X-Rows-Charged")).contains("0");
        assertThat(server.wiring().ledger().verify().rows()).isEqualTo(rowsBefore);
    }
}
