package dev.rowgate.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.linkdata.Loader;
import dev.rowgate.linkdata.SampleWeb;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.Http;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The precomputed answers of the grouped tables, through HTTP on both databases, over a synthetic web: every kept
 * table answers byte for byte the same from its stored answer as from the live query, for its default request and for
 * orders, havings, where conditions on aggregates and pages of every kind; a stored answer is what the endpoint
 * serves, and only while the link data is the data it was made from.
 */
class PrecomputedAnswersTest extends AgainstServer {

    private static final int PAGES = 1_500;
    private static dev.rowgate.testing.TestServer loadedFor;
    private static String into;
    private static String outOf;
    private String key;

    @BeforeEach
    void loadOnce() throws Exception {
        key = server.wiring().apiKeys().create(server.user().account().id(), "precomputed").secret();
        // Hundreds of calls of up to 1,000 results each: more rows than the test plan's 1,000 (this class's own server).
        server.wiring().database().inTransaction((Tx tx) -> Jdbc.update(tx, "UPDATE plans SET api_rows = 1000000000"));
        if (loadedFor == server) return;
        Path folder = Files.createTempDirectory("precomputed-");
        SampleWeb.Summary web = SampleWeb.write(folder, PAGES, 7);
        new Loader(server.wiring().database(), server.wiring().stores().linkData()).load(List.of(web.pagesFile(), web.linksFile()), null);
        Files.delete(web.pagesFile());
        Files.delete(web.linksFile());
        Files.delete(folder);
        scores();
        into = server.wiring().database().read((Tx tx) -> Jdbc.one(tx, "SELECT d.name FROM links l JOIN domains d ON d.id = l.to_domain_id"
                + " GROUP BY d.name ORDER BY COUNT(*) DESC, d.name LIMIT 1", rs -> rs.getString(1)).orElseThrow());
        outOf = server.wiring().database().read((Tx tx) -> Jdbc.one(tx, "SELECT d.name FROM links l JOIN pages p ON p.id = l.from_page_id"
                + " JOIN domains d ON d.id = p.domain_id GROUP BY d.name ORDER BY COUNT(*) DESC, d.name LIMIT 1", rs -> rs.getString(1)).orElseThrow());
        loadedFor = server;
    }

    private static void scores() {
        var outcome = server.wiring().scoresJob().runIfStale();
        assertThat(outcome).isNotInstanceOf(dev.rowgate.linkdata.ScoresJob.Outcome.Busy.class);
    }

    private static PrecomputeJob.Outcome precompute() {
        return precompute(PrecomputeJob.MAX_ROWS);
    }

    /** With a small maxRows, the answers of more rows keep only their first rows (in the table's default order). */
    private static PrecomputeJob.Outcome precompute(int maxRows) {
        return new PrecomputeJob(server.wiring().database(), server.wiring().jobRunner(), Clock.systemUTC(), 50, maxRows, null).runNow();
    }

    private HttpResponse<String> call(String table, String target, String query) {
        return Http.get(server.url("/v2/?token=" + key + "&from=" + table + "&target=" + target + (query.contains("mode=") ? "" : "&mode=domain")
                + (query.contains("limit=") ? "" : "&limit=1000") + query));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The requests each kept table is asked, every one answerable from a stored answer. */
    private static List<String> requests(String table) {
        V2Tables.Table t = V2Tables.table(table).orElseThrow();
        TableQuery q = TableQuery.SERVED.get(table);
        List<String> out = new ArrayList<>(List.of("", "&limit=3&offset=2", "&output=xml", "&output=php&limit=5", "&mode=subdomains",
                "&mode=subdomains&order_by=" + enc(t.columns().keySet().iterator().next() + ":desc")));
        for (V2Tables.Column c : t.columns().values()) {
            out.add("&order_by=" + enc(c.name() + ":desc") + "&limit=7&offset=1");
            out.add("&order_by=" + enc(c.name()) + "&limit=7");
            String condition = switch (c.type()) {
                case INT -> c.name() + ">=2";
                case FLOAT -> c.name() + ">=1";
                case STR -> "substring(" + c.name() + ",\"e\")";
                case BOOL -> c.name() + "=true";
                case DATE, DAY -> c.name() + ">=\"2020-01-01\"";
            };
            if (c.having()) out.add("&having=" + enc(condition));
            if (c.where() && q.filtersAnswerRows(c.name())) out.add("&where=" + enc(condition) + "&order_by=" + enc(c.name() + ":desc"));
        }
        return out;
    }

    private static String target(String table) {
        return PrecomputedAnswers.TABLES.contains(table) && TableQuery.SERVED.get(table).targetAlias().equals("fp") ? outOf : into;
    }

    @Test
    void everyKeptTableAnswersFromItsStoredAnswerExactlyAsLive() {
        answersAsLive(PrecomputeJob.MAX_ROWS);
    }

    /**
     * Answers cut short after their first 6 rows: a request in the default order whose page they hold whole is answered
     * from them, any other runs live; either way the same bytes as live.
     */
    @Test
    void answersKeptOnlyInPartAnswerExactlyAsLive() {
        answersAsLive(6);
    }

    private void answersAsLive(int maxRows) {
        // Answers another test made are of this data too: a change of the data makes them unusable, so these run live.
        server.wiring().database().inTransaction((Tx tx) -> {
            dev.rowgate.linkdata.LinkDataVersion.noteChange(tx, System.currentTimeMillis());
            return null;
        });
        List<String> tables = new ArrayList<>(new java.util.TreeSet<>(PrecomputedAnswers.TABLES));
        tables.addAll(PrecomputedAnswers.ONE_OBJECT);
        Map<String, String> live = new LinkedHashMap<>();
        Map<String, String> liveCharged = new LinkedHashMap<>();
        for (String table : tables) {
            for (String request : PrecomputedAnswers.ONE_OBJECT.contains(table) ? List.of("", "&mode=subdomains") : requests(table)) {
                HttpResponse<String> r = call(table, target(table), request);
                assertThat(r.body().startsWith("{\"error\"")).as(table + request + ": " + r.body().substring(0, Math.min(200, r.body().length()))).isFalse();
                live.put(table + request, r.body());
                liveCharged.put(table + request, r.headers().firstValue("X-Rows-Charged").orElseThrow());
            }
        }

        PrecomputeJob.Outcome outcome = precompute(maxRows);
        assertThat(outcome).isInstanceOf(PrecomputeJob.Outcome.Computed.class);
        List<String> stored = server.wiring().database().read((Tx tx) -> Jdbc.query(tx, "SELECT table_name FROM v2_answers WHERE domain IN (?, ?)"
                + " AND data_changes >= 0", rs -> rs.getString(1), into, outOf));
        assertThat(stored).containsAll(tables);
        // Answers of many rows, so that the orders, conditions and pages below choose among them.
        Map<String, Long> rowCounts = new LinkedHashMap<>();
        server.wiring().database().read((Tx tx) -> Jdbc.query(tx, "SELECT table_name, row_count FROM v2_answers WHERE domain IN (?, ?)"
                + " AND data_changes >= 0 AND ((domain = ? AND table_name IN ('refdomains', 'anchors', 'refdomains_by_type'))"
                + " OR (domain = ? AND table_name IN ('linked_domains', 'linked_anchors')))",
                rs -> rowCounts.put(rs.getString(1), rs.getLong(2)), into, outOf, into, outOf));
        assertThat(rowCounts).hasSize(5).allSatisfy((table, rows) -> assertThat(rows).as(table).isGreaterThanOrEqualTo(Math.min(10, maxRows)));
        long partial = server.wiring().database().read((Tx tx) -> Jdbc.count(tx, "SELECT COUNT(*) FROM v2_answers WHERE complete = FALSE"));
        if (maxRows == PrecomputeJob.MAX_ROWS) assertThat(partial).as("answers kept in part").isZero();
        else assertThat(partial).as("answers kept in part").isGreaterThanOrEqualTo(5);
        assertThat(live).hasSizeGreaterThan(300);

        for (var e : live.entrySet()) {
            String table = e.getKey().contains("&") ? e.getKey().substring(0, e.getKey().indexOf('&')) : e.getKey();
            String request = e.getKey().substring(table.length());
            HttpResponse<String> r = call(table, target(table), request);
            assertThat(r.body()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(r.headers().firstValue("X-Rows-Charged")).as(e.getKey()).contains(liveCharged.get(e.getKey()));
        }
    }

    @Test
    void theEndpointServesTheStoredAnswerOnlyWhileTheLinkDataIsUnchanged() throws Exception {
        assertThat(precompute()).isInstanceOf(PrecomputeJob.Outcome.Computed.class);
        String first = "&select=refdomain,backlinks&order_by=refdomain&limit=1";
        assertThat(call("refdomains", into, first).body()).contains("\"backlinks\"");
        mark();
        assertThat(call("refdomains", into, first).body()).contains("987654");
        // mode=subdomains too, as no domain is under the target yet (the same pages); not mode=exact, nor a where on
        // the links (a group's key), which run live.
        assertThat(server.wiring().database().read((Tx tx) -> Jdbc.count(tx, "SELECT COUNT(*) FROM domains WHERE name LIKE ?", "%." + into))).isZero();
        assertThat(call("refdomains", into, first + "&mode=subdomains").body()).contains("987654");
        assertThat(call("refdomains", into, first + "&mode=exact").body()).doesNotContain("987654");
        assertThat(call("refdomains", into, first + "&where=" + enc("substring(refdomain,\".\")")).body()).doesNotContain("987654");

        // One more link into the target, and a page on a subdomain of it: the stored answer is of older data now,
        // and the live answer counts the link at once.
        Path more = Files.createTempFile("one-more-", ".jsonl");
        Files.writeString(more, "{\"url_from\":\"https://aaaa-first-" + System.nanoTime() + ".example/\",\"url_to\":\"https://" + into + "/\",\"anchor\":\"new\"}\n"
                + "{\"url_from\":\"https://" + into + "/\",\"url_to\":\"https://blog." + into + "/\",\"anchor\":\"blog\"}\n");
        new Loader(server.wiring().database(), server.wiring().stores().linkData()).load(List.of(more), null);
        Files.delete(more);
        String after = call("refdomains", into, first).body();
        assertThat(after).doesNotContain("987654").contains("aaaa-first-");
        scores();
        assertThat(precompute()).isInstanceOf(PrecomputeJob.Outcome.Computed.class);
        assertThat(call("refdomains", into, first).body()).isEqualTo(after);
        // With blog.TARGET a domain of its own, mode=subdomains has more pages than mode=domain: it runs live.
        mark();
        assertThat(call("refdomains", into, first).body()).contains("987654");
        assertThat(call("refdomains", into, first + "&mode=subdomains").body()).doesNotContain("987654");
    }

    @Test
    void anAnswerKeptInPartServesOnlyThePagesItHoldsWhole() {
        assertThat(precompute(5)).isInstanceOf(PrecomputeJob.Outcome.Computed.class);
        assertThat(server.wiring().database().read((Tx tx) -> Jdbc.count(tx, "SELECT COUNT(*) FROM v2_answers WHERE domain = ?"
                + " AND table_name = 'refdomains' AND complete = FALSE AND row_count = 5", into))).isOne();
        mark();
        String page = "&select=refdomain,backlinks";
        assertThat(call("refdomains", into, page + "&limit=3").body()).contains("987654");
        assertThat(call("refdomains", into, page + "&limit=5").body()).contains("987654");
        assertThat(call("refdomains", into, page + "&limit=2&offset=3").body()).contains("987654");
        // Rows beyond the fifth, or an order of the request's own: the stored rows may not be the answer; live.
        assertThat(call("refdomains", into, page + "&limit=6").body()).doesNotContain("987654").contains("\"backlinks\"");
        assertThat(call("refdomains", into, page + "&limit=3&offset=4").body()).doesNotContain("987654").contains("\"backlinks\"");
        assertThat(call("refdomains", into, page + "&limit=1&order_by=refdomain").body()).doesNotContain("987654").contains("\"backlinks\"");
    }

    @Test
    void turnedOffItDropsTheAnswersItMade() {
        assertThat(precompute()).isInstanceOf(PrecomputeJob.Outcome.Computed.class);
        String first = "&select=refdomain,backlinks&order_by=refdomain&limit=1";
        mark();
        assertThat(call("refdomains", into, first).body()).contains("987654");
        var off = new PrecomputeJob(server.wiring().database(), server.wiring().jobRunner(), Clock.systemUTC(), 0, null).runIfStale();
        assertThat(off).isInstanceOf(PrecomputeJob.Outcome.Off.class);
        assertThat(server.wiring().database().read((Tx tx) -> Jdbc.count(tx, "SELECT COUNT(*) FROM v2_answers"))).isZero();
        assertThat(server.wiring().database().read((Tx tx) -> Jdbc.count(tx, "SELECT COUNT(*) FROM v2_answer_rows"))).isZero();
        assertThat(call("refdomains", into, first).body()).doesNotContain("987654").contains("\"backlinks\"");
    }

    /** Marks the stored refdomains answer of the target: a request answered from it shows 987654 backlinks. */
    private static void mark() {
        String slot = PrecomputedAnswers.LAYOUTS.get("refdomains").columns().get("backlinks");
        int marked = server.wiring().database().inTransaction((Tx tx) -> Jdbc.update(tx, "UPDATE v2_answer_rows SET " + slot + " = 987654"
                + " WHERE answer_id = (SELECT id FROM v2_answers WHERE domain = ? AND table_name = 'refdomains' AND data_changes >= 0)", into));
        assertThat(marked).isPositive();
    }
}
