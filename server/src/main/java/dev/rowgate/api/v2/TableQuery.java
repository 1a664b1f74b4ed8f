package dev.rowgate.api.v2;

import java.util.Map;

/**
 * How one v2 table is read: the FROM clause (the target constrains the alias {@code target}), and the SQL expression
 * of every column of the table's catalogue entry. Filters, order and paging are added by {@link SqlBuilder}.
 */
public record TableQuery(String table, String from, String targetAlias, Map<String, String> columns) {

    /** The tables served from loaded link data. */
    public static final Map<String, TableQuery> SERVED = Map.of("backlinks", backlinks());

    /** One row per link into the target: the linking page, its domain's scores, and the link. */
    static TableQuery backlinks() {
        return new TableQuery("backlinks", """
                links l JOIN pages tp ON tp.id = l.to_page_id JOIN pages fp ON fp.id = l.from_page_id
                JOIN domains fd ON fd.id = fp.domain_id""", "tp", Map.ofEntries(
                Map.entry("url_from", "fp.url"), Map.entry("url_to", "tp.url"), Map.entry("ahrefs_rank", "fp.ahrefs_rank"),
                Map.entry("domain_rating", "fd.domain_rating"), Map.entry("ahrefs_top", "fd.ahrefs_top"), Map.entry("ip_from", "fp.ip"),
                Map.entry("links_internal", "fp.links_internal"), Map.entry("links_external", "fp.links_external"),
                Map.entry("page_size", "fp.size"), Map.entry("encoding", "fp.encoding"), Map.entry("language", "fp.language"),
                Map.entry("title", "fp.title"), Map.entry("first_seen", "l.first_seen"), Map.entry("last_visited", "l.last_visited"),
                Map.entry("prev_visited", "l.prev_visited"), Map.entry("original", "l.original"), Map.entry("link_type", "l.link_type"),
                Map.entry("redirect", "l.redirect"), Map.entry("nofollow", "l.nofollow"), Map.entry("alt", "l.alt"),
                Map.entry("anchor", "l.anchor"), Map.entry("text_pre", "l.text_pre"), Map.entry("text_post", "l.text_post"),
                Map.entry("http_code", "fp.http_code"), Map.entry("url_from_first_seen", "fp.first_seen")));
    }
}
