package dev.rowgate.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.linkdata.Loader;
import dev.rowgate.store.Jdbc;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.Http;
import dev.rowgate.web.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The nine tables derived from link history and types (backlinks_new_lost and its counters, refdomains_new_lost and
 * its counters, backlinks_one_per_domain, linked_anchors, anchors_refdomains, linked_domains_by_type,
 * refdomains_by_type) through HTTP, on both databases, over a small hand-made link set. The expected answers are
 * worked out here in Java from that set (the {@link #LINKS} list and the rules of api-v2.md), never by running SQL.
 */
class NewLostAndByTypeTablesTest extends AgainstServer {

    /** One loaded link; dates are UTC days ("2024-01-10"), lost null for a live link. */
    record L(String from, String to, String anchor, String type, boolean nofollow, boolean original, String first, String lost) {
        String fromDomain() {
            return domainOf(host(from));
        }
    }

    String t;
    String a;
    String b;
    String g;
    String e;
    String o1;
    String o2;
    List<L> links;
    String key;

    @BeforeEach
    void load() throws Exception {
        int n = Fixtures.next();
        t = "t" + n + ".example";
        a = "www.a" + n + ".example";
        b = "b" + n + ".example";
        g = "agency" + n + ".gov";
        e = "uni" + n + ".edu";
        o1 = "out" + n + ".example";
        o2 = "feeds" + n + ".gov";
        links = List.of(
                new L("https://" + a + "/", "https://" + t + "/", "Best Tools", "href", false, true, "2024-01-10", null),
                new L("https://" + a + "/x", "https://" + t + "/a", "pricing", "href", true, true, "2024-01-10", "2024-03-05"),
                new L("https://" + b + "/p1", "https://" + t + "/", "", "image", false, true, "2024-02-01", "2024-03-05"),
                new L("https://" + b + "/p2", "https://" + t + "/", "Best Tools", "href", false, false, "2024-02-01", null),
                new L("https://" + b + "/p3", "https://" + t + "/a", "read", "redirect", false, true, "2024-02-20", null),
                new L("https://" + g + "/", "https://" + t + "/", "gov link", "href", false, true, "2024-02-01", "2024-04-01"),
                new L("https://" + e + "/", "https://blog." + t + "/x", "edu", "href", false, true, "2024-01-10", null),
                new L("https://" + t + "/", "https://" + t + "/a", "menu", "href", false, true, "2023-12-01", null),
                new L("https://" + t + "/", "https://" + o1 + "/", "partner", "href", false, true, "2024-01-01", null),
                new L("https://" + t + "/a", "https://" + o1 + "/", "partner", "href", true, true, "2024-01-02", null),
                new L("https://" + t + "/a", "https://" + o2 + "/", "feed", "rss", false, true, "2024-01-03", null));
        List<String> lines = new ArrayList<>(List.of(
                page("https://" + a + "/", "203.0.113.10", 200), page("https://" + a + "/x", "203.0.113.10", 200),
                page("https://" + b + "/p1", "203.0.113.20", 404), page("https://" + b + "/p2", "203.0.113.20", 200),
                page("https://" + b + "/p3", "203.0.113.20", 200)));
        for (L l : links) {
            lines.add(Json.MAPPER.writeValueAsString(new TreeMap<>(Stream.of(
                    Map.entry("url_from", l.from()), Map.entry("url_to", l.to()), Map.entry("anchor", l.anchor()), Map.entry("link_type", l.type()),
                    Map.entry("nofollow", l.nofollow()), Map.entry("original", l.original()), Map.entry("first_seen", l.first()),
                    Map.entry("lost_at", l.lost() == null ? "" : l.lost()), Map.entry("redirect", l.type().equals("redirect") ? 301 : 0),
                    Map.entry("alt", l.type().equals("image") ? "logo" : ""))
                    .filter(en -> !"".equals(en.getValue()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))));
        }
        Path file = Files.createTempFile("newlost-", ".jsonl");
        Files.writeString(file, String.join("\n", lines));
        new Loader(server.wiring().database(), server.wiring().stores().linkData()).load(List.of(file), null);
        Files.delete(file);
        // URL ratings as a scoring run would leave them (backlinks_one_per_domain keeps each domain's best-rated page).
        Map<String, Integer> ranks = Map.of("https://" + a + "/", 10, "https://" + a + "/x", 30, "https://" + b + "/p1", 5,
                "https://" + b + "/p2", 50, "https://" + b + "/p3", 20);
        server.wiring().database().inTransaction(tx -> {
            ranks.forEach((url, rank) -> Jdbc.update(tx, "UPDATE pages SET ahrefs_rank = ? WHERE url = ?", rank, url));
            return null;
        });
        key = server.wiring().apiKeys().create(server.user().account().id(), "tables").secret();
    }

    private static String page(String url, String ip, int httpCode) {
        return "{\"url\":\"" + url + "\",\"ip\":\"" + ip + "\",\"http_code\":" + httpCode + "}";
    }

    // ---- the model: what api-v2.md's rules give over LINKS, computed in Java ----

    static String host(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        return rest.substring(0, rest.indexOf('/'));
    }

    static String domainOf(String host) {
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    /** mode=domain: the links into the target's host, with or without www. */
    private Predicate<L> intoDomain(String site) {
        return l -> domainOf(host(l.to())).equals(site);
    }

    private Predicate<L> intoSubdomains(String site) {
        return l -> domainOf(host(l.to())).equals(site) || host(l.to()).endsWith("." + site);
    }

    record Event(String date, String type, L link) {}

    /** A link's events: new on its first_seen day, lost on its lost_at day. */
    private List<Event> events(Predicate<L> into) {
        List<Event> out = new ArrayList<>();
        for (L l : links) {
            if (!into.test(l)) continue;
            if (l.first() != null) out.add(new Event(l.first(), "new", l));
            if (l.lost() != null) out.add(new Event(l.lost(), "lost", l));
        }
        return out;
    }

    /** Referring domain events: new on its links' first first_seen; lost on the last lost_at once all are lost. */
    private List<Event> refdomainEvents(Predicate<L> into) {
        Map<String, List<L>> byDomain = links.stream().filter(into).collect(Collectors.groupingBy(L::fromDomain, TreeMap::new, Collectors.toList()));
        List<Event> out = new ArrayList<>();
        byDomain.forEach((domain, ls) -> {
            L any = ls.getFirst();
            out.add(new Event(ls.stream().map(L::first).min(Comparator.naturalOrder()).orElseThrow(), "new", any));
            if (ls.stream().allMatch(l -> l.lost() != null)) {
                out.add(new Event(ls.stream().map(L::lost).max(Comparator.naturalOrder()).orElseThrow(), "lost", any));
            }
        });
        return out;
    }

    private String origin(Event ev) {
        if (ev.type().equals("new")) return ev.link().original() ? "fresh" : "recrawl";
        return ev.link().from().equals("https://" + b + "/p1") ? "drop" : "recrawl"; // b/p1 answers 404
    }

    // ---- HTTP ----

    private HttpResponse<String> call(String table, String query) {
        return Http.get(server.url("/v2/?token=" + key + "&from=" + table + "&" + query));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        JsonNode node = Json.MAPPER.readTree(r.body());
        assertThat(node.has("error")).as(r.body()).isFalse();
        return node;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> rows(JsonNode rows, String... fields) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : rows) {
            List<String> values = new ArrayList<>();
            for (String f : fields) values.add(r.get(f).isNull() ? "null" : r.get(f).asText());
            out.add(String.join("|", values));
        }
        return out;
    }

    private static long cost(double requestPrice, double perResult, long results, int filters) {
        return (long) Math.ceil(requestPrice + perResult * results + filters - 1e-9);
    }

    /**
     * In its default order (link id, then new before lost) the table pages over the target's first links only
     * (SqlBuilder.firstLinks); the pages must still add up to the whole answer, in the order a where (which takes the
     * general path) gives.
     */
    @Test
    void backlinksNewLostPagesInLinkOrderLikeTheWholeAnswer() throws Exception {
        for (String mode : List.of("domain", "subdomains")) {
            String base = "target=" + t + "&mode=" + mode + "&select=url_from,url_to,type,date";
            List<String> whole = rows(json(call("backlinks_new_lost", base + "&limit=1000")).get("refpages"), "url_from", "url_to", "type", "date");
            assertThat(whole).hasSize(mode.equals("domain") ? 10 : 11);
            List<String> general = rows(json(call("backlinks_new_lost", base + "&limit=1000&where=" + enc("date>=\"1900-01-01\""))).get("refpages"),
                    "url_from", "url_to", "type", "date");
            assertThat(general).as(mode).isEqualTo(whole);
            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < whole.size() + 3; offset += 3) {
                paged.addAll(rows(json(call("backlinks_new_lost", base + "&limit=3&offset=" + offset)).get("refpages"), "url_from", "url_to", "type", "date"));
            }
            assertThat(paged).as(mode).isEqualTo(whole);
        }
    }

    @Test
    void backlinksNewLostHasOneRowPerEventWithOriginAndIsFilteredByDate() throws Exception {
        HttpResponse<String> r = call("backlinks_new_lost", "target=" + t + "&mode=domain&select=date,type,url_from,url_to,anchor,origin,first_seen");
        JsonNode rows = json(r).get("refpages");
        List<String> expected = events(intoDomain(t)).stream()
                .map(ev -> ev.date() + "|" + ev.type() + "|" + ev.link().from() + "|" + ev.link().to() + "|" + ev.link().anchor() + "|" + origin(ev)
                        + "|" + ev.link().first() + "T00:00:00Z")
                .sorted().toList();
        assertThat(rows(rows, "date", "type", "url_from", "url_to", "anchor", "origin", "first_seen").stream().sorted().toList())
                .isEqualTo(expected).hasSize(10); // 7 links: 7 new and 3 lost
        assertThat(r.headers().firstValue("X-Rows-Charged")).contains(Long.toString(cost(1, 0.2, 10, 0)));

        // The period is a where on the day: March 2024 has the two links lost on the 5th.
        JsonNode march = json(call("backlinks_new_lost", "target=" + t + "&mode=domain&where=" + enc("date>=\"2024-03-01\",date<\"2024-04-01\"")
                + "&order_by=url_from")).get("refpages");
        assertThat(rows(march, "date", "type", "url_from", "nofollow", "origin")).isEqualTo(events(intoDomain(t)).stream()
                .filter(ev -> ev.date().startsWith("2024-03")).sorted(Comparator.comparing(ev -> ev.link().from()))
                .map(ev -> ev.date() + "|" + ev.type() + "|" + ev.link().from() + "|" + ev.link().nofollow() + "|" + origin(ev)).toList());

        // subdomains mode adds the link into blog.; exact mode is one page; having works on the row's columns.
        assertThat(json(call("backlinks_new_lost", "target=" + t + "&mode=subdomains")).get("refpages")).hasSize(events(intoSubdomains(t)).size());
        assertThat(json(call("backlinks_new_lost", "target=https://" + t + "/a&mode=exact")).get("refpages"))
                .hasSize(events(l -> l.to().equals("https://" + t + "/a")).size());
        JsonNode lostDrops = json(call("backlinks_new_lost", "target=" + t + "&mode=domain&having=" + enc("origin=\"drop\",type=\"lost\""))).get("refpages");
        assertThat(rows(lostDrops, "url_from", "alt")).containsExactly("https://" + b + "/p1|logo");
    }

    @Test
    void backlinksNewLostCountersCountPerDayAndPage() throws Exception {
        JsonNode rows = json(call("backlinks_new_lost_counters", "target=" + t + "&mode=domain&order_by=date,url_to")).get("counts");
        Map<String, long[]> expected = new TreeMap<>(); // "day|url_to" -> new, lost
        for (Event ev : events(intoDomain(t))) {
            expected.computeIfAbsent(ev.date() + "|" + ev.link().to(), k -> new long[2])[ev.type().equals("new") ? 0 : 1]++;
        }
        List<String> want = expected.entrySet().stream()
                .map(en -> en.getKey() + "|" + en.getValue()[0] + "|" + en.getValue()[1] + "|" + en.getValue()[0] + "|" + en.getValue()[1]).toList();
        assertThat(rows(rows, "date", "url_to", "new", "lost", "new_total", "lost_total")).isEqualTo(want);

        // where on the day and the page keeps whole groups; having filters on the counts.
        JsonNode home = json(call("backlinks_new_lost_counters", "target=" + t + "&mode=domain&where=" + enc("url_to=\"https://" + t + "/\"")
                + "&having=" + enc("lost>0"))).get("counts");
        assertThat(rows(home, "date", "new", "lost")).containsExactly("2024-03-05|0|1", "2024-04-01|0|1");
    }

    @Test
    void refdomainsNewLostFollowsEachReferringDomainsFirstLinkAndLastLoss() throws Exception {
        JsonNode rows = json(call("refdomains_new_lost", "target=" + t + "&mode=domain&order_by=date,refdomain")).get("refdomains");
        List<String> expected = refdomainEvents(intoDomain(t)).stream()
                .sorted(Comparator.comparing(Event::date).thenComparing(ev -> ev.link().fromDomain()))
                .map(ev -> ev.date() + "|" + ev.type() + "|" + ev.link().fromDomain()).toList();
        assertThat(rows(rows, "date", "type", "refdomain")).isEqualTo(expected)
                .contains("2024-04-01|lost|" + g) // every link from the agency was lost; the others kept one
                .hasSize(5);
        JsonNode lost = json(call("refdomains_new_lost", "target=" + t + "&mode=domain&where=" + enc("type=\"lost\""))).get("refdomains");
        assertThat(rows(lost, "date", "refdomain", "domain_rating")).containsExactly("2024-04-01|" + g + "|0");
    }

    @Test
    void refdomainsNewLostCountersCountWhatTheWhereKeepsAndTotalsEverything() throws Exception {
        List<Event> all = refdomainEvents(intoDomain(t));
        for (String where : new String[] {null, "refdomain=\"" + b + "\"", "type=\"lost\"", "date>=\"2024-02-01\""}) {
            Predicate<Event> kept = where == null ? ev -> true
                    : where.startsWith("refdomain") ? ev -> ev.link().fromDomain().equals(b)
                    : where.startsWith("type") ? ev -> ev.type().equals("lost")
                    : ev -> ev.date().compareTo("2024-02-01") >= 0;
            Map<String, List<Event>> byDay = all.stream().collect(Collectors.groupingBy(Event::date, TreeMap::new, Collectors.toList()));
            List<String> want = new ArrayList<>();
            byDay.forEach((day, evs) -> {
                List<Event> hits = evs.stream().filter(kept).toList();
                if (hits.isEmpty()) return;
                want.add(day + "|" + hits.stream().map(Event::type).min(Comparator.naturalOrder()).orElseThrow()
                        + "|" + hits.stream().map(ev -> ev.link().fromDomain()).min(Comparator.naturalOrder()).orElseThrow()
                        + "|" + hits.stream().filter(ev -> ev.type().equals("new")).count() + "|" + hits.stream().filter(ev -> ev.type().equals("lost")).count()
                        + "|" + evs.stream().filter(ev -> ev.type().equals("new")).count() + "|" + evs.stream().filter(ev -> ev.type().equals("lost")).count());
            });
            HttpResponse<String> r = call("refdomains_new_lost_counters", "target=" + t + "&mode=domain&order_by=date" + (where == null ? "" : "&where=" + enc(where)));
            assertThat(rows(json(r).get("counts"), "date", "type", "refdomain", "new", "lost", "new_total", "lost_total")).as(where).isEqualTo(want);
            assertThat(r.headers().firstValue("X-Rows-Charged")).contains(Long.toString(cost(1, 1, want.size(), where == null ? 0 : 5)));
        }
        // On 2024-02-01 two domains started linking (b and the agency): where refdomain = b counts one of two.
        JsonNode feb = json(call("refdomains_new_lost_counters", "target=" + t + "&mode=domain&where=" + enc("refdomain=\"" + b + "\""))).get("counts");
        assertThat(rows(feb, "date", "new", "new_total")).containsExactly("2024-02-01|1|2");
    }

    @Test
    void backlinksOnePerDomainKeepsEachDomainsBestRatedLink() throws Exception {
        JsonNode rows = json(call("backlinks_one_per_domain", "target=" + t + "&mode=domain&order_by=url_from")).get("refpages");
        // a: the page rated 30 over the one rated 10; b: /p2 (50) over /p3 (20) and /p1 (5); one link each from the agency and t.
        assertThat(rows(rows, "url_from", "url_to", "anchor", "total_backlinks", "ahrefs_rank")).containsExactly(
                "https://" + g + "/|https://" + t + "/|gov link|1|0",
                "https://" + b + "/p2|https://" + t + "/|Best Tools|3|50",
                "https://" + t + "/|https://" + t + "/a|menu|1|0",
                "https://" + a + "/x|https://" + t + "/a|pricing|2|30");
        assertThat(rows.get(0)).hasSize(V2Tables.table("backlinks_one_per_domain").orElseThrow().columns().size());

        // where filters the links before the choice (a's nofollow link is out, so its other one is chosen);
        // having filters the chosen ones.
        HttpResponse<String> r = call("backlinks_one_per_domain", "target=" + t + "&mode=domain&where=nofollow%3Dfalse&having="
                + enc("total_backlinks>1") + "&order_by=total_backlinks:desc");
        assertThat(rows(json(r).get("refpages"), "url_from", "total_backlinks")).containsExactly("https://" + b + "/p2|3");
        assertThat(json(call("backlinks_one_per_domain", "target=" + t + "&mode=domain&where=nofollow%3Dfalse&order_by=url_from"))
                .get("refpages").get(3).get("url_from").asText()).isEqualTo("https://" + a + "/");
        assertThat(r.headers().firstValue("X-Rows-Charged")).contains(Long.toString(cost(1, 0.2, 1, 10)));
    }

    @Test
    void anchorsRefdomainsCountsEachDomainsLinksAndAnchors() throws Exception {
        JsonNode rows = json(call("anchors_refdomains", "target=" + t + "&mode=domain&order_by=refdomain")).get("refdomains");
        Map<String, List<L>> byDomain = links.stream().filter(intoDomain(t)).collect(Collectors.groupingBy(L::fromDomain, TreeMap::new, Collectors.toList()));
        List<String> want = new ArrayList<>();
        byDomain.forEach((d, ls) -> want.add(d + "|" + ls.stream().map(L::anchor).distinct().count() + "|" + ls.size() + "|"
                + ls.stream().map(L::anchor).min(Comparator.naturalOrder()).orElseThrow()));
        assertThat(rows(rows, "refdomain", "anchors", "backlinks", "anchor")).isEqualTo(want);

        JsonNode best = json(call("anchors_refdomains", "target=" + t + "&mode=domain&where=" + enc("anchor=\"best tools\"") + "&order_by=refdomain"))
                .get("refdomains");
        assertThat(rows(best, "refdomain", "anchors", "backlinks")).containsExactly(a.substring(4) + "|1|1", b + "|1|1");
    }

    @Test
    void refdomainsByTypeFlagsEachDomainsKindsOfLinksWithStats() throws Exception {
        HttpResponse<String> r = call("refdomains_by_type", "target=" + t + "&mode=domain&order_by=refdomain");
        JsonNode body = json(r);
        Map<String, List<L>> byDomain = links.stream().filter(intoDomain(t)).collect(Collectors.groupingBy(L::fromDomain, TreeMap::new, Collectors.toList()));
        List<String> want = new ArrayList<>();
        byDomain.forEach((d, ls) -> want.add(d + "|" + ls.stream().anyMatch(l -> l.type().equals("href")) + "|" + ls.stream().anyMatch(l -> l.type().equals("image"))
                + "|" + ls.stream().anyMatch(L::nofollow) + "|" + ls.stream().anyMatch(l -> !l.nofollow()) + "|" + ls.stream().anyMatch(l -> l.type().equals("redirect"))
                + "|" + d.endsWith(".gov") + "|" + ls.size() + "|" + ls.stream().filter(l -> !l.nofollow()).count()
                + "|" + ls.stream().map(L::from).distinct().count() + "|" + ls.stream().map(L::first).min(Comparator.naturalOrder()).orElseThrow() + "T00:00:00Z"));
        assertThat(rows(body.get("refdomains"), "refdomain", "text", "image", "nofollow", "dofollow", "redirect", "gov", "backlinks",
                "backlinks_dofollow", "refpages", "first_seen")).isEqualTo(want);
        assertThat(r.headers().firstValue("X-Rows-Charged")).contains(Long.toString(cost(1, 1, want.size(), 0)));

        JsonNode stats = body.get("stats");
        List<String> names = new ArrayList<>();
        stats.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("refdomains", "ips", "class_c", "max_backlinks", "max_backlinks_dofollow", "max_refpages", "total_backlinks",
                "total_backlinks_dofollow", "all", "text", "image", "nofollow", "dofollow", "redirect", "canonical", "gov", "edu", "rss", "alternate");
        List<L> into = links.stream().filter(intoDomain(t)).toList();
        assertThat(stats.get("refdomains").asLong()).isEqualTo(byDomain.size());
        assertThat(stats.get("ips").asLong()).isEqualTo(2); // a's and b's pages have addresses; the others none
        assertThat(stats.get("class_c").asLong()).isEqualTo(1);
        assertThat(stats.get("max_backlinks").asLong()).isEqualTo(byDomain.values().stream().mapToLong(List::size).max().orElseThrow());
        assertThat(stats.get("max_backlinks_dofollow").asLong())
                .isEqualTo(byDomain.values().stream().mapToLong(ls -> ls.stream().filter(l -> !l.nofollow()).count()).max().orElseThrow());
        assertThat(stats.get("total_backlinks").asLong()).isEqualTo(into.size());
        assertThat(stats.get("total_backlinks_dofollow").asLong()).isEqualTo(into.stream().filter(l -> !l.nofollow()).count());
        assertThat(stats.get("image").asLong()).isEqualTo(into.stream().filter(l -> l.type().equals("image")).map(L::fromDomain).distinct().count());
        assertThat(stats.get("gov").asLong()).isEqualTo(1);
        assertThat(stats.get("edu").asLong()).isZero(); // the university links into blog., not the domain

        // where on a kind keeps the domains that have (or have not) such a link; on first_seen it filters links.
        assertThat(rows(json(call("refdomains_by_type", "target=" + t + "&mode=domain&where=image%3Dtrue")).get("refdomains"), "refdomain"))
                .containsExactly(b);
        assertThat(rows(json(call("refdomains_by_type", "target=" + t + "&mode=domain&where=" + enc("nofollow=false,text=true") + "&order_by=refdomain"))
                .get("refdomains"), "refdomain")).containsExactly(g, b, t); // a has a nofollow link
        JsonNode since = json(call("refdomains_by_type", "target=" + t + "&mode=domain&where=" + enc("first_seen>=\"2024-02-01\"") + "&order_by=refdomain"));
        assertThat(rows(since.get("refdomains"), "refdomain", "backlinks")).containsExactly(g + "|1", b + "|3");
        assertThat(since.get("stats").get("total_backlinks").asLong()).isEqualTo(4);
    }

    @Test
    void linkedAnchorsAndLinkedDomainsByTypeDescribeTheTargetsOutgoingLinks() throws Exception {
        Predicate<L> fromT = l -> domainOf(host(l.from())).equals(t);
        JsonNode anchors = json(call("linked_anchors", "target=" + t + "&mode=domain&order_by=anchor")).get("anchors");
        Map<String, List<L>> byAnchor = links.stream().filter(fromT).collect(Collectors.groupingBy(L::anchor, TreeMap::new, Collectors.toList()));
        List<String> want = new ArrayList<>();
        byAnchor.forEach((anchor, ls) -> want.add(anchor + "|" + ls.stream().filter(l -> domainOf(host(l.to())).equals(t)).count() + "|"
                + ls.stream().filter(l -> !domainOf(host(l.to())).equals(t)).count() + "|" + ls.stream().anyMatch(L::nofollow)));
        assertThat(rows(anchors, "anchor", "links_internal", "links_external", "nofollow")).isEqualTo(want);
        assertThat(anchors.get(0)).hasSize(V2Tables.table("linked_anchors").orElseThrow().columns().size());

        // Both of t's pages that link out link to o1's home: sitewide. Where-only columns filter the links.
        assertThat(rows(json(call("linked_anchors", "target=" + t + "&mode=domain&where=sitewide%3Dtrue")).get("anchors"),
                "anchor", "links_external", "sitewide")).containsExactly("partner|2|true");
        // Sitewide is judged over the whole domain, also when the target is one of its pages.
        assertThat(rows(json(call("linked_anchors", "target=https://" + t + "/a&mode=exact&where=sitewide%3Dtrue")).get("anchors"),
                "anchor", "links_external")).containsExactly("partner|1");
        assertThat(rows(json(call("linked_anchors", "target=" + t + "&mode=domain&where=" + enc("nofollow=true,url_from=\"https://" + t + "/a\"")))
                .get("anchors"), "anchor", "links_external")).containsExactly("partner|1");
        assertThat(rows(json(call("linked_anchors", "target=" + t + "/&mode=exact&having=" + enc("links_internal>0"))).get("anchors"), "anchor"))
                .containsExactly("menu");

        HttpResponse<String> r = call("linked_domains_by_type", "target=" + t + "&mode=domain&order_by=domain_to");
        assertThat(rows(json(r).get("domains"), "domain_from", "domain_to", "links", "all", "text", "nofollow", "dofollow", "rss", "gov", "first_seen"))
                .containsExactly(t + "|" + o2 + "|1|1|0|0|1|1|1|2024-01-03T00:00:00Z", t + "|" + o1 + "|2|2|2|1|1|0|0|2024-01-01T00:00:00Z");
        assertThat(r.headers().firstValue("X-Rows-Charged")).contains(Long.toString(cost(10, 1, 2, 0)));
        HttpResponse<String> filtered = call("linked_domains_by_type", "target=" + t + "&mode=domain&where=" + enc("first_seen>\"2024-01-01\"")
                + "&order_by=domain_to");
        assertThat(rows(json(filtered).get("domains"), "domain_to", "links")).containsExactly(o2 + "|1", o1 + "|1");
        assertThat(filtered.headers().firstValue("X-Rows-Charged")).contains(Long.toString(cost(10, 1, 2, 10))); // 10 for a where here
        assertThat(server.wiring().ledger().verify().clean()).isTrue();
    }

    @Test
    void everyNewTableAnswersInXmlAndPhpWithItsKey() throws Exception {
        for (String table : List.of("backlinks_new_lost", "backlinks_new_lost_counters", "backlinks_one_per_domain", "linked_anchors",
                "anchors_refdomains", "linked_domains_by_type", "refdomains_by_type", "refdomains_new_lost", "refdomains_new_lost_counters")) {
            String jsonKey = V2Tables.table(table).orElseThrow().jsonKey();
            HttpResponse<String> xml = call(table, "target=" + t + "&mode=subdomains&limit=2&output=xml");
            assertThat(xml.body()).as(table).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><AhrefsApiResponse><" + jsonKey + "><"
                    + V2Output.singular(jsonKey) + ">");
            HttpResponse<String> php = call(table, "target=" + t + "&mode=subdomains&limit=2&output=php");
            assertThat(php.body()).as(table).contains("s:" + jsonKey.length() + ":\"" + jsonKey + "\";a:2:{i:0;a:");
            assertThat(xml.headers().firstValue("X-Results-Count")).as(table).contains("2");
        }
    }
}
