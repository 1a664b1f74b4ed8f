package dev.rowgate.api.v2;

import static dev.rowgate.api.v2.TableQuery.CLASS_C;
import static dev.rowgate.api.v2.TableQuery.LINK_JOINS;
import static dev.rowgate.api.v2.TableQuery.backlinkColumns;

import java.util.Map;

/**
 * The v2 tables that view links per referring domain, per anchor or per type (api-v2.md, v2-tables.tsv):
 * backlinks_one_per_domain, linked_anchors, anchors_refdomains, linked_domains_by_type and refdomains_by_type.
 * In grouped tables a column usable only in where filters links; the row shows a representative value of its group.
 */
final class LinkViewTables {

    private LinkViewTables() {}

    /**
     * One backlink per referring domain: the one from the page with the highest URL rating (then the oldest link), among
     * the links the where conditions keep; total_backlinks counts those links of the domain. having filters the chosen
     * links.
     */
    static TableQuery backlinksOnePerDomain() {
        Map<String, String> columns = new java.util.HashMap<>(backlinkColumns());
        columns.put("total_backlinks", "best.b_total");
        String best = "(SELECT l.id AS b_id, ROW_NUMBER() OVER (PARTITION BY fp.domain_id ORDER BY fp.ahrefs_rank DESC, l.id) AS b_rank,"
                + " COUNT(*) OVER (PARTITION BY fp.domain_id) AS b_total FROM " + LINK_JOINS + " WHERE {target} AND {matched}) best"
                + " JOIN links l ON l.id = best.b_id JOIN pages tp ON tp.id = l.to_page_id JOIN pages fp ON fp.id = l.from_page_id"
                + " JOIN domains fd ON fd.id = fp.domain_id JOIN domains td ON td.id = tp.domain_id";
        return new TableQuery("backlinks_one_per_domain", best, "tp", "best.b_rank = 1", Map.copyOf(columns)).targetInFrom()
                .orderedBy(TableQuery.byId("l.id"));
    }

    /**
     * The pages that every page of a target domain that has outgoing links links to, when there are at least two such
     * pages: the targets of sitewide links (a footer, a menu). One pass over the target domains' links (named by
     * {@link Target#domains}, then pages_domain, then the links by from_page_id): the highest dense rank of the linking pages of a domain is how many of its pages
     * link out, without a second read of the links to count them.
     */
    private static final String SITEWIDE_TARGETS = "(SELECT s_domain, s_to FROM (SELECT s_domain, s_to, s_from,"
            + " MAX(s_rank) OVER (PARTITION BY s_domain) AS s_pages FROM (SELECT sp.domain_id AS s_domain, sx.to_page_id AS s_to,"
            + " sx.from_page_id AS s_from, DENSE_RANK() OVER (PARTITION BY sp.domain_id ORDER BY sx.from_page_id) AS s_rank"
            + " FROM domains sd JOIN pages sp ON sp.domain_id = sd.id JOIN links sx ON sx.from_page_id = sp.id"
            + " WHERE {target_domains}) ranked) counted"
            + " GROUP BY s_domain, s_to, s_pages HAVING COUNT(DISTINCT s_from) >= 2 AND COUNT(DISTINCT s_from) = s_pages) sw";

    /**
     * One row per anchor text of the target's outgoing links: how many are internal (to the target page's own domain)
     * and external. The other columns filter links (where); a row shows the smallest value among its links (the
     * latest for last_visited and prev_visited, true when any of its links is so for the booleans).
     */
    static TableQuery linkedAnchors() {
        Map<String, String> columns = new java.util.HashMap<>();
        Map<String, String> rows = new java.util.HashMap<>();
        columns.put("anchor", "l.anchor");
        columns.put("links_internal", "SUM(CASE WHEN tp.domain_id = fp.domain_id THEN 1 ELSE 0 END)");
        columns.put("links_external", "SUM(CASE WHEN tp.domain_id <> fp.domain_id THEN 1 ELSE 0 END)");
        representative(columns, rows, "url_from", "fp.url", "MIN", true);
        representative(columns, rows, "url_to", "tp.url", "MIN", true);
        representative(columns, rows, "ahrefs_rank", "fp.ahrefs_rank", "MIN", false);
        representative(columns, rows, "domain_rating", "fd.domain_rating", "MIN", false);
        representative(columns, rows, "ip", "fp.ip", "MIN", true);
        representative(columns, rows, "page_size", "fp.size", "MIN", false);
        representative(columns, rows, "encoding", "fp.encoding", "MIN", true);
        representative(columns, rows, "title", "fp.title", "MIN", true);
        representative(columns, rows, "first_seen", "l.first_seen", "MIN", false);
        representative(columns, rows, "last_visited", "l.last_visited", "MAX", false);
        representative(columns, rows, "prev_visited", "l.prev_visited", "MAX", false);
        representative(columns, rows, "link_type", "l.link_type", "MIN", true);
        representative(columns, rows, "redirect", "l.redirect", "MAX", false);
        representative(columns, rows, "alt", "l.alt", "MIN", true);
        representative(columns, rows, "text_pre", "l.text_pre", "MIN", true);
        representative(columns, rows, "text_post", "l.text_post", "MIN", true);
        any(columns, rows, "sitewide", "(sw.s_to IS NOT NULL)");
        any(columns, rows, "original", "(l.original = TRUE)");
        any(columns, rows, "nofollow", "(l.nofollow = TRUE)");
        return new TableQuery("linked_anchors", LINK_JOINS + " LEFT JOIN " + SITEWIDE_TARGETS + " ON sw.s_domain = fp.domain_id AND sw.s_to = l.to_page_id",
                "fp", null, Map.copyOf(columns), "l.anchor", Map.of(), Map.copyOf(rows));
    }

    /** A where-only column of a grouped table: filters links by its value; shows MIN or MAX of it in the group. */
    private static void representative(Map<String, String> columns, Map<String, String> rows, String name, String expr, String agg, boolean text) {
        columns.put(name, agg + "(" + expr + (text ? "{C}" : "") + ")");
        rows.put(name, expr);
    }

    /** A where-only boolean column of a grouped table: filters links; true in the group when any of its links is. */
    private static void any(Map<String, String> columns, Map<String, String> rows, String name, String condition) {
        columns.put(name, "(MAX(CASE WHEN " + condition + " THEN 1 ELSE 0 END) = 1)");
        rows.put(name, condition);
    }

    /** One row per referring domain of the target: how many of its links there are and how many anchor texts they use. */
    static TableQuery anchorsRefdomains() {
        return new TableQuery("anchors_refdomains", LINK_JOINS, "tp", null, Map.of("anchor", "MIN(l.anchor{C})", "anchors", "COUNT(DISTINCT l.anchor)",
                "backlinks", "COUNT(*)", "refdomain", "fd.name"), "fd.name", Map.of(), Map.of("anchor", "l.anchor"));
    }

    private static String countWhen(String condition) {
        return "SUM(CASE WHEN " + condition + " THEN 1 ELSE 0 END)";
    }

    /**
     * The kinds of link the "_by_type" tables count or test, each a condition on one link; gov and edu look at the
     * domain on the other end ({@code domain}: {@code td.name} or {@code fd.name}). Insertion order is answer order.
     */
    private static Map<String, String> linkKinds(String domain) {
        Map<String, String> kinds = new java.util.LinkedHashMap<>();
        kinds.put("text", "l.link_type = 'href'");
        kinds.put("image", "l.link_type = 'image'");
        kinds.put("nofollow", "l.nofollow = TRUE");
        kinds.put("dofollow", "l.nofollow = FALSE");
        kinds.put("redirect", "l.link_type = 'redirect'");
        kinds.put("canonical", "l.link_type = 'canonical'");
        kinds.put("gov", domain + " LIKE '%.gov'");
        kinds.put("edu", domain + " LIKE '%.edu'");
        return kinds;
    }

    /** Feed links, counted by linked_domains_by_type and in refdomains_by_type's stats, not among its columns. */
    private static final Map<String, String> FEED_KINDS = Map.of("rss", "l.link_type = 'rss'", "alternate", "l.link_type = 'alternate'");

    /** The domains the target links out to (external links only), with the links counted by type. */
    static TableQuery linkedDomainsByType() {
        Map<String, String> columns = new java.util.HashMap<>();
        columns.put("domain_from", "MIN(fd.name{C})");
        columns.put("domain_to", "td.name");
        columns.put("links", "COUNT(*)");
        columns.put("all", "COUNT(*)");
        linkKinds("td.name").forEach((kind, condition) -> columns.put(kind, countWhen(condition)));
        FEED_KINDS.forEach((kind, condition) -> columns.put(kind, countWhen(condition)));
        columns.put("first_seen", "MIN(l.first_seen)");
        columns.put("last_visited", "MAX(l.last_visited)");
        columns.put("domain_to_rating", "MAX(td.domain_rating)");
        columns.put("domain_to_ahrefs_top", "MAX(td.ahrefs_top)");
        return new TableQuery("linked_domains_by_type", LINK_JOINS, "fp", "fd.id <> td.id", Map.copyOf(columns), "td.name", Map.of(),
                Map.of("domain_from", "fd.name", "first_seen", "l.first_seen", "last_visited", "l.last_visited"));
    }

    /** A test that some link of the group meets the condition. */
    private static String has(String condition) {
        return "(MAX(CASE WHEN " + condition + " THEN 1 ELSE 0 END) = 1)";
    }

    /** The number of referring domains with a link that meets the condition. */
    private static String domainsWith(String condition) {
        return "COUNT(DISTINCT CASE WHEN " + condition + " THEN fd.id END)";
    }

    /**
     * One row per referring domain, with which kinds of link it has to the target (where on them keeps the domains
     * that have, or have not, such a link); stats count the domains of each kind, and the largest per-domain counts.
     */
    static TableQuery refdomainsByType() {
        Map<String, String> columns = new java.util.HashMap<>();
        columns.put("url", "MIN(tp.url{C})");
        columns.put("ip", "MIN(fp.ip{C})");
        columns.put("refdomain", "fd.name");
        columns.put("all", "(COUNT(*) > 0)");
        linkKinds("fd.name").forEach((kind, condition) -> columns.put(kind, has(condition)));
        columns.put("backlinks", "COUNT(*)");
        columns.put("backlinks_dofollow", countWhen("l.nofollow = FALSE"));
        columns.put("refpages", "COUNT(DISTINCT fp.id)");
        columns.put("first_seen", "MIN(l.first_seen)");
        columns.put("last_visited", "MAX(l.last_visited)");
        columns.put("domain_rating", "MAX(fd.domain_rating)");
        Map<String, String> stats = new java.util.LinkedHashMap<>();
        stats.put("refdomains", "COUNT(DISTINCT fd.id)");
        stats.put("ips", "COUNT(DISTINCT fp.ip)");
        stats.put("class_c", "COUNT(DISTINCT " + CLASS_C + ")");
        stats.put("max_backlinks", null);
        stats.put("max_backlinks_dofollow", null);
        stats.put("max_refpages", null);
        stats.put("total_backlinks", "COUNT(*)");
        stats.put("total_backlinks_dofollow", countWhen("l.nofollow = FALSE"));
        stats.put("all", "COUNT(DISTINCT fd.id)");
        linkKinds("fd.name").forEach((kind, condition) -> stats.put(kind, domainsWith(condition)));
        stats.put("rss", domainsWith(FEED_KINDS.get("rss")));
        stats.put("alternate", domainsWith(FEED_KINDS.get("alternate")));
        return new TableQuery("refdomains_by_type", LINK_JOINS, "tp", null, Map.copyOf(columns), "fd.name",
                java.util.Collections.unmodifiableMap(stats),
                Map.of("url", "tp.url", "ip", "fp.ip", "first_seen", "l.first_seen", "last_visited", "l.last_visited"))
                .withGroupStats(Map.of("max_backlinks", "COUNT(*)", "max_backlinks_dofollow", countWhen("l.nofollow = FALSE"),
                        "max_refpages", "COUNT(DISTINCT fp.id)"));
    }
}
