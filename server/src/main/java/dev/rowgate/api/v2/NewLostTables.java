package dev.rowgate.api.v2;

import static dev.rowgate.api.v2.TableQuery.LINK_JOINS;
import static dev.rowgate.api.v2.TableQuery.backlinkColumns;

import dev.rowgate.api.v2.TableQuery.Key;
import java.util.List;
import java.util.Map;

/**
 * The new/lost tables of the v2 API (api-v2.md: "new/lost history from first_seen/last_visited"): a link is new on
 * the day it was first seen and lost on the day of its lost_at; a referring domain is new on the day its first link into
 * the target was first seen, and lost on the day its last such link was lost (once all of them are).
 *
 * <p>The API has no date parameters ({@code from} is the table): a client picks the period with a where or having
 * condition on the {@code date} column ({@code date>="2024-01-01",date<"2024-02-01"}); without one the answer covers
 * the whole loaded history. Days are UTC days, compared as in every other date condition.
 */
final class NewLostTables {

    private NewLostTables() {}

    /** A link's two events: "new" on the day it was first seen, "lost" on the day it was lost. */
    private static final String EVENTS = "(SELECT 'new' AS kind UNION ALL SELECT 'lost') ev";

    /** When the link's event happened (epoch ms); null when the link has no such event. */
    private static final String LINK_EVENT_AT = "(CASE ev.kind WHEN 'new' THEN l.first_seen ELSE l.lost_at END)";

    /** The start of the UTC day of an epoch-ms expression, the same integer arithmetic on both databases. */
    static String dayOf(String ms) {
        return "(" + ms + " - ((" + ms + " % 86400000) + 86400000) % 86400000)";
    }

    /**
     * How a link came or went, from what was loaded (api-v2.md leaves it to the data): a new link is "fresh" when it
     * was on its page at the page's first crawl ({@code original}), else "recrawl" (found on a later visit); a lost link
     * is "drop" when its page now answers 4xx/5xx (the page dropped out), else "recrawl" (the page no longer has it).
     */
    static final String ORIGIN = "(CASE WHEN ev.kind = 'new' THEN (CASE WHEN l.original = TRUE THEN 'fresh' ELSE 'recrawl' END)"
            + " ELSE (CASE WHEN fp.http_code >= 400 THEN 'drop' ELSE 'recrawl' END) END)";

    /** One row per event of a link into the target: its day, "new" or "lost", and the backlink's columns. */
    static TableQuery backlinksNewLost() {
        Map<String, String> columns = new java.util.HashMap<>();
        columns.put("date", LINK_EVENT_AT);
        columns.put("type", "ev.kind");
        columns.put("origin", ORIGIN);
        for (String c : List.of("ahrefs_rank", "domain_rating", "url_from", "url_to", "links_internal", "links_external", "encoding", "http_code",
                "title", "first_seen", "last_visited", "prev_visited", "original", "link_type", "redirect", "nofollow", "alt", "anchor",
                "text_pre", "text_post")) {
            columns.put(c, backlinkColumns().get(c));
        }
        return new TableQuery("backlinks_new_lost", LINK_JOINS + " CROSS JOIN " + EVENTS, "tp", LINK_EVENT_AT + " IS NOT NULL",
                Map.copyOf(columns)).orderedBy(TableQuery.byId("l.id"), new Key("ev.kind", true))
                .withLinkRows("(l.first_seen IS NOT NULL OR l.lost_at IS NOT NULL)");
    }

    /**
     * Per day and target page: the new and lost links that pass the where conditions, and (new_total, lost_total)
     * all of that day's events of the page, where conditions or not. A day and page appear when at least one of their
     * events passes the where conditions.
     */
    static TableQuery backlinksNewLostCounters() {
        // Only the links and the pages they point to: the where columns (date, url_to) need nothing else.
        String events = "(SELECT ev.kind AS ev_kind, tp.url AS ev_url_to, " + dayOf(LINK_EVENT_AT) + " AS ev_day,"
                + " CASE WHEN {matched} THEN 1 ELSE 0 END AS ev_hit FROM links l JOIN pages tp ON tp.id = l.to_page_id CROSS JOIN " + EVENTS
                + " WHERE {target} AND " + LINK_EVENT_AT + " IS NOT NULL) e";
        return new TableQuery("backlinks_new_lost_counters", events, "tp", null, counters(Map.of("date", "e.ev_day", "url_to", "e.ev_url_to")),
                "e.ev_day, e.ev_url_to", Map.of(), Map.of("date", LINK_EVENT_AT, "url_to", "tp.url"))
                .targetInFrom().having("SUM(e.ev_hit) > 0").orderedBy(new Key("e.ev_day", false), new Key("e.ev_url_to", true));
    }

    private static Map<String, String> counters(Map<String, String> keys) {
        Map<String, String> columns = new java.util.HashMap<>(keys);
        columns.put("new", "SUM(CASE WHEN e.ev_kind = 'new' AND e.ev_hit = 1 THEN 1 ELSE 0 END)");
        columns.put("lost", "SUM(CASE WHEN e.ev_kind = 'lost' AND e.ev_hit = 1 THEN 1 ELSE 0 END)");
        columns.put("new_total", "SUM(CASE WHEN e.ev_kind = 'new' THEN 1 ELSE 0 END)");
        columns.put("lost_total", "SUM(CASE WHEN e.ev_kind = 'lost' THEN 1 ELSE 0 END)");
        return Map.copyOf(columns);
    }

    /**
     * The referring domains of the target, each with when it started linking (the first first_seen of its links into
     * the target) and, when every one of those links is lost, when it stopped (the last lost_at). Grouped by domain id
     * first, so the domains table is read once per domain, not once per link.
     */
    private static final String REFDOMAIN_SPANS = "(SELECT s.d_first, s.d_lost, s.d_live, dd.name AS d_name, dd.domain_rating AS d_rating"
            + " FROM (SELECT fp.domain_id AS d_id, MIN(l.first_seen) AS d_first, MAX(l.lost_at) AS d_lost,"
            + " SUM(CASE WHEN l.lost_at IS NULL THEN 1 ELSE 0 END) AS d_live"
            + " FROM links l JOIN pages tp ON tp.id = l.to_page_id JOIN pages fp ON fp.id = l.from_page_id WHERE {target}"
            + " GROUP BY fp.domain_id) s JOIN domains dd ON dd.id = s.d_id) d CROSS JOIN " + EVENTS;

    private static final String REFDOMAIN_EVENT_AT = "(CASE ev.kind WHEN 'new' THEN d.d_first ELSE d.d_lost END)";

    private static final String REFDOMAIN_HAS_EVENT = "((ev.kind = 'new' AND d.d_first IS NOT NULL)"
            + " OR (ev.kind = 'lost' AND d.d_live = 0 AND d.d_lost IS NOT NULL))";

    /** One row per event of a referring domain: "new" on the day it started linking, "lost" on the day it stopped. */
    static TableQuery refdomainsNewLost() {
        return new TableQuery("refdomains_new_lost", REFDOMAIN_SPANS, "tp", REFDOMAIN_HAS_EVENT, Map.of("date", REFDOMAIN_EVENT_AT,
                "type", "ev.kind", "refdomain", "d.d_name", "domain_rating", "d.d_rating"))
                .targetInFrom().orderedBy(new Key("d.d_name", true), new Key("ev.kind", true));
    }

    /**
     * Per day: the referring domains won and lost that pass the where conditions, and all of them (the totals). type
     * and refdomain filter only (where); a row shows the smallest of them among the events the where conditions keep.
     */
    static TableQuery refdomainsNewLostCounters() {
        String events = "(SELECT ev.kind AS ev_kind, d.d_name AS ev_refdomain, " + dayOf(REFDOMAIN_EVENT_AT) + " AS ev_day,"
                + " CASE WHEN {matched} THEN 1 ELSE 0 END AS ev_hit FROM " + REFDOMAIN_SPANS + " WHERE " + REFDOMAIN_HAS_EVENT + ") e";
        Map<String, String> columns = new java.util.HashMap<>(counters(Map.of("date", "e.ev_day")));
        columns.put("type", "MIN(CASE WHEN e.ev_hit = 1 THEN e.ev_kind END{C})");
        columns.put("refdomain", "MIN(CASE WHEN e.ev_hit = 1 THEN e.ev_refdomain END{C})");
        return new TableQuery("refdomains_new_lost_counters", events, "tp", null, Map.copyOf(columns), "e.ev_day", Map.of(),
                Map.of("date", REFDOMAIN_EVENT_AT, "type", "ev.kind", "refdomain", "d.d_name"))
                .targetInFrom().having("SUM(e.ev_hit) > 0").orderedBy(new Key("e.ev_day", false));
    }
}
