package dev.rowgate.api.v2;

import java.util.Map;

/**
 * How one v2 table is read: the FROM clause (the target constrains the alias {@code target}), and the SQL expression
 * of every column of the table's catalogue entry. Filters, order and paging are added by {@link SqlBuilder}.
 */
public record TableQuery(String table, String from, String targetAlias, String fixedCondition, Map<String, String> columns) {

    /** The tables served from loaded link data. */
    public static final Map<String, TableQuery> SERVED = Map.of("backlinks", backlinks(), "broken_backlinks", brokenBacklinks(),
            "broken_links", brokenLinks());

    /** A page that answered 4xx or 5xx at its last visit: what makes a link broken (api-v2.md). */
    static final String BROKEN = "tp.http_code >= 400";

    /** The error text of a broken page: "HTTP 404". */
    static final String ERROR = "'HTTP ' || CAST(tp.http_code AS VARCHAR(3))";

    private static final String LINK_JOINS = """
            links l JOIN pages tp ON tp.id = l.to_page_id JOIN pages fp ON fp.id = l.from_page_id
            JOIN domains fd ON fd.id = fp.domain_id JOIN domains td ON td.id = tp.domain_id""";

    /** One row per link into the target: the linking page, its domain's scores, and the link. */
    static TableQuery backlinks() {
        return new TableQuery("backlinks", LINK_JOINS, "tp", null, backlinkColumns());
    }

    /** The backlinks whose target page is broken, with when it was found broken and the error. */
    static TableQuery brokenBacklinks() {
        Map<String, String> columns = new java.util.HashMap<>(backlinkColumns());
        columns.put("broken_at", "tp.last_visited");
        columns.put("error", ERROR);
        return new TableQuery("broken_backlinks", LINK_JOINS, "tp", BROKEN, Map.copyOf(columns));
    }

    /** The target's own outgoing links to broken pages (json key "links"). */
    static TableQuery brokenLinks() {
        return new TableQuery("broken_links", LINK_JOINS, "fp", BROKEN, Map.ofEntries(
                Map.entry("url_from", "fp.url"), Map.entry("url_to", "tp.url"), Map.entry("ahrefs_rank", "fp.ahrefs_rank"),
                Map.entry("domain_rating", "fd.domain_rating"), Map.entry("ip_from", "fp.ip"), Map.entry("links_internal", "fp.links_internal"),
                Map.entry("links_external", "fp.links_external"), Map.entry("encoding", "fp.encoding"), Map.entry("title", "fp.title"),
                Map.entry("first_seen", "l.first_seen"), Map.entry("last_visited", "l.last_visited"), Map.entry("broken_at", "tp.last_visited"),
                Map.entry("http_code", "tp.http_code"), Map.entry("error", ERROR), Map.entry("link_type", "l.link_type"),
                Map.entry("nofollow", "l.nofollow"), Map.entry("anchor", "l.anchor"), Map.entry("domain_to_ahrefs_top", "td.ahrefs_top"),
                Map.entry("url_from_first_seen", "fp.first_seen")));
    }

    private static Map<String, String> backlinkColumns() {
        return Map.ofEntries(
                Map.entry("url_from", "fp.url"), Map.entry("url_to", "tp.url"), Map.entry("ahrefs_rank", "fp.ahrefs_rank"),
                Map.entry("domain_rating", "fd.domain_rating"), Map.entry("ahrefs_top", "fd.ahrefs_top"), Map.entry("ip_from", "fp.ip"),
                Map.entry("links_internal", "fp.links_internal"), Map.entry("links_external", "fp.links_external"),
                Map.entry("page_size", "fp.size"), Map.entry("encoding", "fp.encoding"), Map.entry("language", "fp.language"),
                Map.entry("title", "fp.title"), Map.entry("first_seen", "l.first_seen"), Map.entry("last_visited", "l.last_visited"),
                Map.entry("prev_visited", "l.prev_visited"), Map.entry("original", "l.original"), Map.entry("link_type", "l.link_type"),
                Map.entry("redirect", "l.redirect"), Map.entry("nofollow", "l.nofollow"), Map.entry("alt", "l.alt"),
                Map.entry("anchor", "l.anchor"), Map.entry("text_pre", "l.text_pre"), Map.entry("text_post", "l.text_post"),
                Map.entry("http_code", "fp.http_code"), Map.entry("url_from_first_seen", "fp.first_seen"));
    }
}
