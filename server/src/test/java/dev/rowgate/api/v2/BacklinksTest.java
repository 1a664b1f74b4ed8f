package dev.rowgate.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.linkdata.Loader;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TokenClient;
import dev.rowgate.web.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backlinks table through HTTP: modes, filters, select, order, prices, the balance, caps and idempotency. */
class BacklinksTest extends AgainstServer {

    String site;

    /** Five links into site (one nofollow, one image, one to a blog subdomain, one from 2013), one link elsewhere. */
    @BeforeEach
    void loadLinks() throws Exception {
        site = "target" + Fixtures.next() + ".example";
        String a = "https://www.alpha" + Fixtures.next() + ".example/";
        String b = "https://beta" + Fixtures.next() + ".example/post";
        Path file = Files.createTempFile("backlinks-", ".jsonl");
        Files.writeString(file, String.join("\n",
                "{\"url\":\"" + a + "\",\"title\":\"Alpha Home\",\"ip\":\"203.0.113.1\",\"http_code\":200}",
                "{\"url_from\":\"" + a + "\",\"url_to\":\"https://" + site + "/\",\"anchor\":\"Best Tools\",\"first_seen\":\"2015-03-01\"}",
                "{\"url_from\":\"" + a + "\",\"url_to\":\"https://" + site + "/pricing\",\"anchor\":\"pricing page\",\"nofollow\":true,\"first_seen\":\"2016-01-01\"}",
                "{\"url_from\":\"" + b + "\",\"url_to\":\"https://" + site + "/\",\"anchor\":\"\",\"link_type\":\"image\",\"alt\":\"logo\",\"first_seen\":\"2013-06-01\"}",
                "{\"url_from\":\"" + b + "\",\"url_to\":\"https://blog." + site + "/hello\",\"anchor\":\"hello world\",\"first_seen\":\"2017-01-01\"}",
                "{\"url_from\":\"" + b + "\",\"url_to\":\"http://" + site + "/pricing?x=1\",\"anchor\":\"plans\",\"first_seen\":\"2018-01-01\"}",
                "{\"url_from\":\"" + b + "\",\"url_to\":\"https://elsewhere" + Fixtures.next() + ".example/\",\"anchor\":\"other\"}",
                // The target's pricing page is gone, and the target links to a page that is gone.
                "{\"url\":\"https://" + site + "/pricing\",\"http_code\":404,\"last_visited\":\"2020-02-02T10:00:00Z\"}",
                "{\"url\":\"https://gone" + Fixtures.next() + ".example/x\",\"http_code\":500}",
                "{\"url_from\":\"https://" + site + "/\",\"url_to\":\"https://gone" + (Fixtures.next() - 1) + ".example/x\",\"anchor\":\"dead\"}"));
        new Loader(server.wiring().database(), server.wiring().stores().linkData()).load(List.of(file), null);
        Files.delete(file);
    }

    private String appToken(String cap) {
        var client = server.webApp();
        var user = server.user();
        Browser browser = server.browser();
        var consent = browser.authorize(server.url("/oauth2/authorize.php?response_type=code&client_id=" + client.clientId() + "&state=s"), user);
        String code = Browser.query(Browser.location(browser.decide(consent, "allow", cap))).get("code");
        return OAuthTestKit.tokens(new TokenClient(server.issuer()), client, code).get("access_token").asText();
    }

    private HttpResponse<String> v2(String token, String query) {
        return Http.get(server.url("/v2/?token=" + token + "&from=backlinks&" + query));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private static List<String> values(JsonNode rows, String field) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(field).asText()));
        return out;
    }

    @Test
    void domainModeReturnsEveryLinkIntoTheSiteWithPricedHeaders() throws Exception {
        String token = appToken(null);
        HttpResponse<String> r = v2(token, "target=" + site.toUpperCase() + "&mode=domain&output=json");

        JsonNode rows = json(r).get("refpages");
        assertThat(rows).as(r.body()).hasSize(4); // the blog subdomain is not the domain
        JsonNode first = rows.get(0);
        assertThat(first.get("anchor").asText()).isEqualTo("Best Tools");
        assertThat(first.get("first_seen").asText()).isEqualTo("2015-03-01T00:00:00Z");
        assertThat(first.get("nofollow").asBoolean()).isFalse();
        assertThat(first.get("ip_from").asText()).isEqualTo("203.0.113.1");
        assertThat(first.get("title").asText()).isEqualTo("Alpha Home");
        assertThat(first.get("http_code").asInt()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Results-Count")).contains("4");
        // 1 + 4 x 0.2 = 1.8, rounded up: 2 rows.
        assertThat(r.headers().firstValue("X-Rows-Charged")).contains("2");
        assertThat(r.headers().firstValue("X-Rows-Left")).contains("49998");
        assertThat(server.wiring().ledger().verify().clean()).isTrue();
    }

    @Test
    void modesExactPrefixAndSubdomains() throws Exception {
        String token = appToken(null);
        assertThat(json(v2(token, "target=" + site + "/pricing&mode=exact")).get("refpages")).hasSize(1); // either scheme
        assertThat(json(v2(token, "target=https://" + site + "/pricing&mode=prefix")).get("refpages")).hasSize(2);
        assertThat(json(v2(token, "target=" + site + "&mode=subdomains")).get("refpages")).hasSize(5);
        // A domain with no row at all (its links are chosen by domain id, looked up first): no links, no error.
        String unknown = "unknown-" + Fixtures.next() + ".example";
        assertThat(json(v2(token, "target=" + unknown)).get("refpages")).isEmpty();
        assertThat(json(v2(token, "target=" + unknown + "&mode=subdomains")).get("refpages")).isEmpty();
        assertThat(json(Http.get(server.url("/v2/?token=" + token + "&from=broken_backlinks&target=" + unknown))).get("refpages")).isEmpty();
        assertThat(json(v2(token, "target=" + site + "&mode=sideways")).get("error").asText())
                .isEqualTo("parameter \"mode\" must be exact, domain, subdomains or prefix");
        assertThat(json(v2(token, "mode=domain")).get("error").asText()).isEqualTo("parameter \"target\" is required");
    }

    @Test
    void whereSelectOrderAndLimit() throws Exception {
        String token = appToken(null);
        JsonNode nofollow = json(v2(token, "target=" + site + "&mode=domain&where=nofollow=true"));
        assertThat(values(nofollow.get("refpages"), "anchor")).containsExactly("pricing page");

        JsonNode dated = json(v2(token, "target=" + site + "&mode=domain&where=first_seen%3C%222015-03-01%22"));
        assertThat(values(dated.get("refpages"), "alt")).containsExactly("logo");

        JsonNode words = json(v2(token, "target=" + site + "&mode=subdomains&where=word(anchor,%22WORLD%22)"));
        assertThat(values(words.get("refpages"), "anchor")).containsExactly("hello world");
        JsonNode buggy = json(v2(token, "target=" + site + "&mode=domain&where=substringanchor,%22tool%22"));
        assertThat(values(buggy.get("refpages"), "anchor")).containsExactly("Best Tools");

        HttpResponse<String> picked = v2(token, "target=" + site + "&mode=domain&select=anchor,first_seen&order_by=first_seen:desc&limit=2");
        JsonNode rows = json(picked).get("refpages");
        assertThat(values(rows, "anchor")).containsExactly("plans", "pricing page");
        List<String> fields = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("anchor", "first_seen");
    }

    /**
     * Paging one row at a time gives the rows of one whole page in the same order, whatever the order asked
     * (ties included: two links share a from URL, pages share a domain): the tables of one row per link or page
     * pick the page's ids first and read their columns after, and both steps must agree on one total order.
     */
    @Test
    void pagingOneRowAtATimeMatchesTheWholePage() throws Exception {
        String token = appToken(null);
        for (String table : List.of("backlinks", "broken_links", "pages", "pages_extended")) {
            for (String order : List.of("", "&order_by=url_from", "&order_by=url_from:desc", "&order_by=first_seen:desc", "&order_by=url",
                    "&order_by=backlinks:desc,url:desc")) {
                String query = "/v2/?token=" + token + "&from=" + table + "&target=" + site + "&mode=subdomains" + order;
                JsonNode whole = json(Http.get(server.url(query)));
                if (whole.has("error")) continue; // an order this table has no such column for
                String key = V2Tables.table(table).orElseThrow().jsonKey();
                List<String> stepped = new ArrayList<>();
                for (int offset = 0; offset < whole.get(key).size() + 1; offset++) {
                    json(Http.get(server.url(query + "&limit=1&offset=" + offset))).get(key).forEach(row -> stepped.add(row.toString()));
                }
                List<String> all = new ArrayList<>();
                whole.get(key).forEach(row -> all.add(row.toString()));
                assertThat(all).as(table + order).isNotEmpty();
                assertThat(stepped).as(table + order).isEqualTo(all);
            }
        }
    }

    @Test
    void brokenBacklinksAndBrokenLinks() throws Exception {
        String token = appToken(null);
        JsonNode broken = json(Http.get(server.url("/v2/?token=" + token + "&from=broken_backlinks&target=" + site + "&mode=domain")));
        assertThat(values(broken.get("refpages"), "anchor")).containsExactly("pricing page");
        assertThat(broken.get("refpages").get(0).get("error").asText()).isEqualTo("HTTP 404");
        assertThat(broken.get("refpages").get(0).get("broken_at").asText()).isEqualTo("2020-02-02T10:00:00Z");

        JsonNode links = json(Http.get(server.url("/v2/?token=" + token + "&from=broken_links&target=" + site + "&mode=domain")));
        assertThat(values(links.get("links"), "anchor")).containsExactly("dead");
        assertThat(links.get("links").get(0).get("http_code").asInt()).isEqualTo(500);
    }

    @Test
    void refdomainsGroupsByReferringDomainWithStatsAndHaving() throws Exception {
        String token = appToken(null);
        HttpResponse<String> r = Http.get(server.url("/v2/?token=" + token + "&from=refdomains&target=" + site + "&mode=domain&order_by=refdomain"));
        JsonNode body = json(r);
        JsonNode rows = body.get("refdomains");
        assertThat(rows).as(r.body()).hasSize(2);
        assertThat(values(rows, "backlinks")).containsExactly("2", "2");
        assertThat(values(rows, "refpages")).containsExactly("1", "1");
        assertThat(rows.get(0).get("refdomain").asText()).startsWith("alpha").endsWith(".example"); // www. is not part of the domain
        assertThat(body.get("stats").get("refdomains").asLong()).isEqualTo(2);
        assertThat(body.get("stats").get("ips").asLong()).isEqualTo(1);
        assertThat(body.get("stats").get("class_c").asLong()).isEqualTo(1);
        assertThat(r.headers().firstValue("X-Rows-Charged")).contains("3"); // 1 + 2 results x 1

        JsonNode onePage = json(Http.get(server.url("/v2/?token=" + token + "&from=refdomains&target=" + site + "&mode=domain&where=url%3D%22https://"
                + site + "/pricing%22")));
        assertThat(onePage.get("refdomains")).hasSize(1);
        assertThat(onePage.get("refdomains").get(0).get("backlinks").asInt()).isEqualTo(1);
        assertThat(json(Http.get(server.url("/v2/?token=" + token + "&from=refdomains&target=" + site + "&mode=domain&having=backlinks%3E2")))
                .get("refdomains")).isEmpty();
    }

    @Test
    void anchorsRefipsAndLinkedDomains() throws Exception {
        String token = appToken(null);
        JsonNode anchors = json(Http.get(server.url("/v2/?token=" + token + "&from=anchors&target=" + site + "&mode=domain&order_by=anchor")));
        // Byte order on both databases: upper case before lower case, whatever PostgreSQL's locale.
        assertThat(values(anchors.get("anchors"), "anchor")).containsExactly("", "Best Tools", "plans", "pricing page");
        JsonNode descending = json(Http.get(server.url("/v2/?token=" + token + "&from=anchors&target=" + site + "&mode=subdomains&order_by=anchor:desc")));
        assertThat(values(descending.get("anchors"), "anchor")).containsExactly("pricing page", "plans", "hello world", "Best Tools", "");
        assertThat(anchors.get("stats").get("backlinks").asLong()).isEqualTo(4);
        assertThat(anchors.get("stats").get("refpages").asLong()).isEqualTo(2);

        JsonNode refips = json(Http.get(server.url("/v2/?token=" + token + "&from=refips&target=" + site + "&mode=domain")));
        assertThat(values(refips.get("refips"), "refip")).containsExactly("203.0.113.1");
        assertThat(refips.get("refips").get(0).get("backlinks").asInt()).isEqualTo(2);

        String beta = json(Http.get(server.url("/v2/?token=" + token + "&from=refdomains&target=" + site + "&mode=domain&order_by=refdomain")))
                .get("refdomains").get(1).get("refdomain").asText();
        JsonNode linked = json(Http.get(server.url("/v2/?token=" + token + "&from=linked_domains&target=" + beta + "&mode=domain&order_by=links:desc")));
        assertThat(linked.get("domains")).hasSize(3);
        assertThat(linked.get("domains").get(0).get("domain_to").asText()).isEqualTo(site);
        assertThat(linked.get("domains").get(0).get("links").asInt()).isEqualTo(2);
        assertThat(linked.get("domains").get(0).get("unique_pages").asInt()).isEqualTo(2);
    }

    @Test
    void pagesAhrefsRankAndDomainRatingAfterScoring() throws Exception {
        new dev.rowgate.linkdata.Scores(server.wiring().database()).recompute();
        String token = appToken(null);

        JsonNode pages = json(Http.get(server.url("/v2/?token=" + token + "&from=pages&target=" + site + "&mode=domain&order_by=url")));
        assertThat(values(pages.get("pages"), "url")).containsExactly("http://" + site + "/pricing?x=1", "https://" + site + "/",
                "https://" + site + "/pricing");
        assertThat(pages.get("stats").get("pages").asLong()).isEqualTo(3);
        assertThat(pages.get("pages").get(2).get("http_code").asInt()).isEqualTo(404);

        // A scheme-less exact target matches the page under either scheme; only the https home page exists.
        JsonNode ranks = json(Http.get(server.url("/v2/?token=" + token + "&from=ahrefs_rank&target=" + site + "/&mode=exact")));
        assertThat(values(ranks.get("pages"), "url")).containsExactly("https://" + site + "/");
        assertThat(ranks.get("pages").get(0).get("ahrefs_rank").asInt()).isPositive(); // three links point at it
        HttpResponse<String> dr = Http.get(server.url("/v2/?token=" + token + "&from=domain_rating&target=https://www." + site + "/any"));
        JsonNode domain = json(dr).get("domain");
        assertThat(domain.get("domain_rating").asInt()).isBetween(0, 100);
        assertThat(domain.get("ahrefs_top").asLong()).isPositive();
        assertThat(dr.headers().firstValue("X-Rows-Charged")).contains("2");
        assertThat(json(Http.get(server.url("/v2/?token=" + token + "&from=domain_rating&target=unknown-" + Fixtures.next() + ".example"))).get("domain")
                .get("ahrefs_top").asLong()).isZero();
    }

    @Test
    void pagesInfoPagesExtendedMetricsAndPositions() throws Exception {
        String token = appToken(null);
        JsonNode info = json(Http.get(server.url("/v2/?token=" + token + "&from=pages_info&target=" + site + "&mode=domain&order_by=url")));
        assertThat(info.get("pages")).hasSize(3);

        JsonNode extended = json(Http.get(server.url("/v2/?token=" + token + "&from=pages_extended&target=" + site
                + "/&mode=exact&select=url,backlinks,dofollow,nofollow,refdomains,refips")));
        JsonNode home = extended.get("pages").get(0);
        assertThat(home.get("backlinks").asInt()).isEqualTo(2); // Best Tools and the image
        assertThat(home.get("dofollow").asInt()).isEqualTo(2);
        assertThat(home.get("refdomains").asInt()).isEqualTo(2);
        assertThat(home.get("refips").asInt()).isEqualTo(1);
        assertThat(json(Http.get(server.url("/v2/?token=" + token + "&from=pages_extended&target=" + site + "&mode=domain&where=backlinks%3E1")))
                .get("pages")).hasSize(1);

        HttpResponse<String> r = Http.get(server.url("/v2/?token=" + token + "&from=metrics_extended&target=" + site + "&mode=domain"));
        JsonNode metrics = json(r).get("metrics");
        assertThat(metrics.get("backlinks").asInt()).isEqualTo(4);
        assertThat(metrics.get("refpages").asInt()).isEqualTo(2);
        assertThat(metrics.get("pages").asInt()).isEqualTo(3);
        assertThat(metrics.get("text").asInt()).isEqualTo(3);
        assertThat(metrics.get("image").asInt()).isEqualTo(1);
        assertThat(metrics.get("nofollow").asInt()).isEqualTo(1);
        assertThat(metrics.get("refdomains").asInt()).isEqualTo(2);
        assertThat(metrics.get("linked_root_domains").asInt()).isEqualTo(1); // the gone page's domain
        assertThat(r.headers().firstValue("X-Rows-Charged")).contains("2");
        List<String> names = new ArrayList<>();
        json(Http.get(server.url("/v2/?token=" + token + "&from=metrics&target=" + site))).get("metrics").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("backlinks", "refpages", "pages", "text", "image", "nofollow", "dofollow", "redirect", "canonical",
                "gov", "edu", "html_pages", "links_internal", "links_external");

        // exact mode (a condition that is not parenthesized) in the one-object queries
        assertThat(json(Http.get(server.url("/v2/?token=" + token + "&from=metrics&target=" + site + "/&mode=exact"))).get("metrics")
                .get("backlinks").asInt()).isEqualTo(2);

        JsonNode positions = json(Http.get(server.url("/v2/?token=" + token + "&from=positions_metrics&target=" + site + "&where=country%3D%22de%22")));
        assertThat(positions.get("metrics").get("positions").asInt()).isZero();
    }

    @Test
    void aCapClampsTheLimitThenTheIntegrationLimitIsExceeded() throws Exception {
        String token = appToken("2"); // 2 rows: the request (1) and five results at 0.2
        HttpResponse<String> first = v2(token, "target=" + site + "&mode=subdomains&limit=1000");
        assertThat(json(first).get("refpages")).hasSize(5);
        assertThat(first.headers().firstValue("X-Rows-Charged")).contains("2");
        assertThat(first.headers().firstValue("X-Rows-Left")).contains("0");

        HttpResponse<String> second = v2(token, "target=" + site + "&mode=domain");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("{\"error\":\"Integration limit is exceeded\"}");
        assertThat(second.headers().firstValue("X-Rows-Charged")).contains("0");
        assertThat(server.wiring().ledger().verify().clean()).isTrue();
    }

    @Test
    void anIdempotencyKeyRetriedGetsTheSameAnswerChargedOnce() throws Exception {
        String token = appToken(null);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url("/v2/?token=" + token + "&from=backlinks&target=" + site
                + "&mode=domain"))).header("Idempotency-Key", "retry-" + Fixtures.next());
        HttpResponse<String> first = Http.send(request.build());
        HttpResponse<String> again = Http.send(request.build());

        assertThat(again.body()).isEqualTo(first.body());
        assertThat(first.headers().firstValue("X-Rows-Charged")).contains("2");
        assertThat(again.headers().firstValue("X-Rows-Charged")).contains("0");
        assertThat(again.headers().firstValue("X-Rows-Left")).contains("49998");
    }

    @Test
    void aPersonalKeySpendsApiRowsAndSaysWhenTheyRenew() throws Exception {
        var user = server.user();
        String key = server.wiring().apiKeys().create(user.account().id(), "k").secret();
        HttpResponse<String> r = v2(key, "target=" + site + "&mode=domain&output=xml");
        assertThat(r.body()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><AhrefsApiResponse><refpages><refpage><url_from>");
        assertThat(r.headers().firstValue("X-Rows-Left")).contains("998"); // the test plan's 1,000 API rows

        server.wiring().database().inTransaction(tx -> dev.rowgate.store.Jdbc.update(tx,
                "UPDATE allowance_usage SET used = 1000 WHERE account_id = ? AND allowance = 'api'", user.account().id()));
        HttpResponse<String> out = v2(key, "target=" + site + "&mode=domain");
        assertThat(json(out).get("error").asText()).startsWith("API rows are used up for this period; they renew on 20");
        server.wiring().database().inTransaction(tx -> dev.rowgate.store.Jdbc.update(tx,
                "UPDATE allowance_usage SET used = 2 WHERE account_id = ? AND allowance = 'api'", user.account().id()));
    }
}
