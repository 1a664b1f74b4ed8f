package dev.rowgate.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.linkdata.Loader;
import dev.rowgate.linkdata.SampleWeb;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.Http;
import dev.rowgate.web.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * api-v2.md's filter language through HTTP, over every table and real (sample) data: random but plausible where,
 * having, select, order_by, targets and modes. Every answer is HTTP 200 with either the table's key or a named error,
 * never a 5xx, and no SQL or Java error text ever reaches the client (every value is a bound parameter).
 */
class V2FuzzTest extends AgainstServer {

    private static final long SEED = 20261201L;
    private static final List<String> OPS = List.of("=", "<>", "<", "<=", ">", ">=");
    /** The tables that answer from link history and types: more queries each, as they have the most SQL of their own. */
    private static final java.util.Set<String> HISTORY_AND_TYPES = java.util.Set.of("backlinks_new_lost", "backlinks_new_lost_counters",
            "refdomains_new_lost", "refdomains_new_lost_counters", "backlinks_one_per_domain", "linked_anchors", "anchors_refdomains",
            "linked_domains_by_type", "refdomains_by_type");

    @Test
    void randomQueriesOverEveryTableNeverFailOrLeak() throws Exception {
        Path folder = Files.createTempDirectory("v2fuzz-");
        SampleWeb.Summary sample = SampleWeb.write(folder, 300, 9);
        new Loader(server.wiring().database(), server.wiring().stores().linkData()).load(List.of(sample.pagesFile(), sample.linksFile()), null);
        String key = server.wiring().apiKeys().create(server.user().account().id(), "fuzz").secret();
        // A large API allowance, so that the fuzz is about queries, not balances.
        server.wiring().database().inTransaction(tx -> dev.rowgate.store.Jdbc.update(tx, "UPDATE plans SET api_rows = 100000000"));

        Random r = new Random(SEED);
        int answered = 0;
        int expected = 0;
        for (V2Tables.Table table : V2Tables.all().values()) {
            List<V2Tables.Column> columns = new ArrayList<>(table.columns().values());
            int queries = HISTORY_AND_TYPES.contains(table.name()) ? 60 : 25;
            expected += queries;
            // First a plain query: answered, and every row has exactly the table's columns in the catalogue's order.
            HttpResponse<String> plain = Http.get(server.url("/v2/?token=" + key + "&from=" + table.name() + "&target=" + sample.exampleTarget()
                    + "&mode=subdomains&limit=5"));
            JsonNode plainJson = Json.MAPPER.readTree(plain.body());
            assertThat(plainJson.has("error")).as(table.name() + " -> " + plain.body()).isFalse();
            if (plainJson.get(table.jsonKey()).isArray()) {
                if (!table.name().startsWith("broken_")) assertThat(plainJson.get(table.jsonKey())).as(table.name()).isNotEmpty();
                for (JsonNode row : plainJson.get(table.jsonKey())) {
                    List<String> names = new ArrayList<>();
                    row.fieldNames().forEachRemaining(names::add);
                    assertThat(names).as(table.name()).containsExactlyElementsOf(table.columns().keySet());
                }
            }
            for (int i = 0; i < queries; i++) {
                StringBuilder q = new StringBuilder("token=" + key + "&from=" + table.name());
                q.append("&target=").append(enc(pick(r, List.of(sample.exampleTarget(), "WWW." + sample.exampleTarget(), "https://" + sample.exampleTarget()
                        + "/", "site-0001.example/news", "b\u00fccher.example", "nope", "%", "a b"))));
                q.append("&mode=").append(pick(r, List.of("exact", "domain", "subdomains", "prefix", "DOMAIN", "bogus")));
                if (r.nextBoolean() && !columns.isEmpty()) q.append("&where=").append(enc(conditions(r, columns)));
                if (r.nextInt(3) == 0 && !columns.isEmpty()) q.append("&having=").append(enc(conditions(r, columns)));
                if (r.nextInt(3) == 0 && !columns.isEmpty()) q.append("&select=").append(enc(pick(r, columns).name() + "," + pick(r, columns).name()));
                if (r.nextInt(3) == 0 && !columns.isEmpty()) q.append("&order_by=").append(enc(pick(r, columns).name() + pick(r, List.of("", ":asc", ":desc", ":up"))));
                q.append("&limit=").append(pick(r, List.of("0", "1", "5", "1000", "-3", "x")));
                q.append("&output=").append(pick(r, List.of("json", "json", "xml", "php")));
                String query = q.toString();

                HttpResponse<String> response = Http.get(server.url("/v2/?" + query));

                assertThat(response.statusCode()).as(query).isEqualTo(200);
                String body = response.body();
                assertThat(body).as(query).doesNotContainIgnoringCase("sql").doesNotContain("Exception").doesNotContain("org.")
                        .doesNotContain("java.");
                assertThat(body).as(query).doesNotContain("not served");
                if (query.endsWith("output=json")) {
                    JsonNode json = Json.MAPPER.readTree(body);
                    assertThat(json.has("error") || json.has(table.jsonKey())).as(query + " -> " + body).isTrue();
                }
                answered++;
            }
        }
        assertThat(answered).isEqualTo(expected);
        assertThat(server.wiring().ledger().verify().clean()).isTrue();
    }

    private static String conditions(Random r, List<V2Tables.Column> columns) {
        List<String> parts = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            V2Tables.Column c = pick(r, columns);
            switch (r.nextInt(4)) {
                case 0 -> parts.add(pick(r, List.of("substring", "word", "subdomain")) + "(" + c.name() + ",\"" + pick(r, List.of("a", "site", "%", "_", "\\\"")) + "\")");
                case 1 -> parts.add(pick(r, List.of("substring", "word")) + c.name() + ",\"x\"");
                default -> parts.add(c.name() + pick(r, OPS) + value(r, c));
            }
        }
        return String.join(",", parts);
    }

    private static String value(Random r, V2Tables.Column c) {
        return switch (r.nextInt(7)) {
            case 0 -> "\"2015-06-01\"";
            // Days and words that the sample's history and types have (its dates run up to 2026-11-01).
            case 6 -> pick(r, List.of("\"2026-10-20\"", "\"2026-10-31\"", "\"2025-01-01\"", "\"new\"", "\"lost\"", "\"drop\"", "\"fresh\"",
                    "\"recrawl\"", "\"href\"", "\"click here\"", "0", "1", "false"));
            case 1 -> "true";
            case 2 -> Integer.toString(r.nextInt(500) - 10);
            case 3 -> "\"text with, comma\"";
            case 4 -> "1.5";
            default -> switch (c.type()) {
                case INT -> Integer.toString(r.nextInt(100));
                case BOOL -> "false";
                case DATE, DAY -> "\"2020-01-01\"";
                case FLOAT -> "2.5";
                case STR -> "\"site\"";
            };
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }
}
