package dev.rowgate.api.v2;

import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-object tables {@code metrics} and {@code metrics_extended}: counts of the links into the target (by type,
 * follow and source), of its pages, and for the extended one of the referring domains, IPs and class C networks and
 * of the root domains the target links to. Every value is a bound parameter, as in {@link SqlBuilder}.
 */
final class MetricsQuery {

    private MetricsQuery() {}

    static Map<String, Object> compute(Tx tx, String target, String mode, boolean extended) {
        Target into = Target.of(target, mode, "tp");
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> args = new ArrayList<>(into.args());
        Jdbc.query(tx, """
                SELECT COUNT(*), COUNT(DISTINCT l.from_page_id),
                  SUM(CASE WHEN l.link_type = 'href' THEN 1 ELSE 0 END), SUM(CASE WHEN l.link_type = 'image' THEN 1 ELSE 0 END),
                  SUM(CASE WHEN l.nofollow = TRUE THEN 1 ELSE 0 END), SUM(CASE WHEN l.nofollow = FALSE THEN 1 ELSE 0 END),
                  SUM(CASE WHEN l.link_type = 'redirect' THEN 1 ELSE 0 END), SUM(CASE WHEN l.link_type = 'canonical' THEN 1 ELSE 0 END),
                  SUM(CASE WHEN fd.name LIKE '%.gov' THEN 1 ELSE 0 END), SUM(CASE WHEN fd.name LIKE '%.edu' THEN 1 ELSE 0 END),
                  SUM(CASE WHEN l.link_type = 'alternate' THEN 1 ELSE 0 END), SUM(CASE WHEN l.link_type = 'rss' THEN 1 ELSE 0 END),
                  COUNT(DISTINCT fp.domain_id), COUNT(DISTINCT rtrim(fp.ip, '0123456789')), COUNT(DISTINCT fp.ip)
                FROM links l JOIN pages tp ON tp.id = l.to_page_id JOIN pages fp ON fp.id = l.from_page_id
                JOIN domains fd ON fd.id = fp.domain_id
                WHERE """ + " " + into.sql(), rs -> {
            m.put("backlinks", rs.getLong(1));
            m.put("refpages", rs.getLong(2));
            m.put("text", rs.getLong(3));
            m.put("image", rs.getLong(4));
            m.put("nofollow", rs.getLong(5));
            m.put("dofollow", rs.getLong(6));
            m.put("redirect", rs.getLong(7));
            m.put("canonical", rs.getLong(8));
            m.put("gov", rs.getLong(9));
            m.put("edu", rs.getLong(10));
            if (extended) {
                m.put("alternate", rs.getLong(11));
                m.put("rss", rs.getLong(12));
                m.put("refdomains", rs.getLong(13));
                m.put("refclass_c", rs.getLong(14));
                m.put("refips", rs.getLong(15));
            }
            return null;
        }, args.toArray());
        Jdbc.query(tx, """
                SELECT COUNT(*), SUM(CASE WHEN tp.http_code = 200 THEN 1 ELSE 0 END), COALESCE(SUM(tp.links_internal), 0),
                  COALESCE(SUM(tp.links_external), 0), SUM(CASE WHEN tp.http_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END)
                FROM pages tp WHERE """ + " " + into.sql(), rs -> {
            m.put("pages", rs.getLong(1));
            m.put("html_pages", rs.getLong(2));
            m.put("links_internal", rs.getLong(3));
            m.put("links_external", rs.getLong(4));
            if (extended) m.put("valid_pages", rs.getLong(5));
            return null;
        }, into.args().toArray());
        if (extended) {
            Target from = Target.of(target, mode, "fp");
            m.put("linked_root_domains", Jdbc.count(tx, """
                    SELECT COUNT(DISTINCT tp.domain_id) FROM links l JOIN pages fp ON fp.id = l.from_page_id
                    JOIN pages tp ON tp.id = l.to_page_id WHERE tp.domain_id <> fp.domain_id AND """ + " " + from.sql(), from.args().toArray()));
        }
        return order(m, extended);
    }

    /** The column order of v2-tables.tsv. */
    private static Map<String, Object> order(Map<String, Object> m, boolean extended) {
        List<String> names = new ArrayList<>(List.of("backlinks", "refpages", "pages", "text", "image", "nofollow", "dofollow", "redirect",
                "canonical", "gov", "edu", "html_pages", "links_internal", "links_external"));
        if (extended) names.addAll(List.of("valid_pages", "alternate", "rss", "refdomains", "refclass_c", "refips", "linked_root_domains"));
        Map<String, Object> out = new LinkedHashMap<>();
        for (String n : names) out.put(n, m.get(n));
        return out;
    }

    /** positions_metrics: from loaded ranking data when present (api-v2.md); the load format has none, so zeros. */
    static Map<String, Object> positions() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String n : List.of("positions", "positions_top3", "positions_top10")) m.put(n, 0L);
        for (String n : List.of("traffic", "traffic_top3", "traffic_top10", "cost", "cost_top3", "cost_top10")) m.put(n, 0.0);
        return m;
    }
}
