package dev.rowgate.api.v2;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rowgate.linkdata.LinkDataVersion;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import dev.rowgate.web.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The answers of the grouped v2 tables kept for the targets with the most links ({@link PrecomputeJob} makes them).
 * Grouping all the links of such a target is what no index can make fast: at 10 M links the most linked-to site has
 * 1.3 M links in, and refdomains, anchors or refdomains_by_type took 14-45 s on SQLite (bench/TABLES-10M.md). The
 * stored answer holds the table's rows for the target with no where, having, order or limit; a request whose
 * conditions only keep or drop those rows ({@link TableQuery#filtersAnswerRows}, and every having) is answered by
 * filtering, ordering and paging them in SQL with the same expressions and order keys as the live query, so it gets
 * the same rows in the same order. Any other request, and every request after the link data changed, runs live.
 *
 * <p>Answers are made for mode=domain (the default mode), whose target is exactly one domain's pages. They also answer
 * mode=subdomains for a domain that has none (no domain was named {@code *.domain}; domains come only with loads, which
 * make the answer unusable anyway): its pages are then the same.
 */
public final class PrecomputedAnswers {

    /**
     * The tables kept: those whose answer has one row per referring domain, anchor, IP or day, far fewer than the
     * links they are computed from; backlinks_new_lost_counters (a row per day and target page: more than
     * PrecomputeJob.MAX_ROWS for 4 of the 47 most linked-to sites at 10 M links, whose latest days it keeps);
     * broken_links (the target's links to broken pages, a few of its links); and pages_extended, whose per-page link
     * counts cost 1.4-5.9 s for a page of 100 of the most linked-to site at 10 M links. Not backlinks_new_lost (a row
     * per link event, paged through the target's first links instead), nor the tables that list links or pages in an
     * order an index gives, which read only the page of rows they return.
     */
    static final Set<String> TABLES = Set.of("refdomains", "anchors", "refips", "linked_domains", "refdomains_new_lost",
            "refdomains_new_lost_counters", "backlinks_new_lost_counters", "backlinks_one_per_domain", "linked_anchors",
            "anchors_refdomains", "linked_domains_by_type", "refdomains_by_type", "broken_links", "pages_extended");

    /** The one-object tables kept: their values stored as the answer's stats. */
    static final Set<String> ONE_OBJECT = Set.of("metrics", "metrics_extended");

    static final String MODE = "domain";

    /** The layout of every kept table's rows. */
    static final Map<String, AnswerLayout> LAYOUTS = TABLES.stream().collect(Collectors.toUnmodifiableMap(t -> t,
            t -> AnswerLayout.of(V2Tables.table(t).orElseThrow(), TableQuery.SERVED.get(t))));

    /**
     * One stored answer: its id, its stats (or a one-object table's values; null when the table has none), and whether
     * it holds all the answer's rows or only its first ones in the table's default order ({@link #answers}).
     */
    record Stored(long id, Map<String, Long> stats, boolean complete) {

        /** A whole answer serves any order; one cut short holds rows of the default order only. */
        boolean serves(List<V2Filter.OrderBy> orderBy) {
            return complete || orderBy.isEmpty();
        }

        /**
         * Whether the rows this answer gave a request it {@link #serves} are the request's answer. A whole answer's
         * always are. An answer cut short holds a prefix of the rows in the default order, and the request's conditions
         * only keep or drop rows ({@link #covers}): the first offset + limit rows they keep are then all in that prefix
         * exactly when the stored rows gave a whole page of limit rows; else the rest may lie beyond it.
         */
        boolean answers(long limit, int rowsGiven) {
            return complete || rowsGiven == limit;
        }
    }

    private PrecomputedAnswers() {}

    /** True when a request with these where conditions can be answered from a stored answer, if there is one. */
    static boolean covers(TableQuery query, Target target, List<V2Filter.Condition> where) {
        return TABLES.contains(query.table()) && target.namesDomains() && where.stream().allMatch(c -> query.filtersAnswerRows(c.column().name()));
    }

    /**
     * The answer stored for the table and the target's domain, if it was made from the link data as it is now: its
     * change count is read in the same statement (and so the same snapshot) as the answer.
     */
    static Optional<Stored> find(Tx tx, String table, Target target) {
        if (!target.namesDomains()) return Optional.empty();
        return Jdbc.one(tx, "SELECT a.id, a.stats, a.complete FROM v2_answers a WHERE a.domain = ? AND a.table_name = ? AND a.mode = ?"
                + (target.mode().equals(MODE) ? "" : " AND a.also_subdomains = TRUE")
                + " AND a.data_changes = (SELECT CAST(s.value AS BIGINT) FROM settings s WHERE s.name = ?)",
                rs -> new Stored(rs.getLong(1), stats(rs.getString(2)), rs.getBoolean(3)), target.domain(), table, MODE, LinkDataVersion.CHANGES);
    }

    /**
     * The rows of a stored answer that the request asks for: its having (and where) conditions on the stored values,
     * its order then the table's order keys, its limit and offset; the values read as the live query's.
     */
    static SqlBuilder.Sql select(String table, long answerId, List<V2Tables.Column> select, List<V2Filter.Condition> where,
            List<V2Filter.Condition> having, List<V2Filter.OrderBy> orderBy, long limit, long offset, boolean postgres) {
        return SqlBuilder.fromAnswer(LAYOUTS.get(table), answerId, select, where, having, orderBy, limit, offset, postgres);
    }

    static Map<String, Long> stats(String json) {
        if (json == null) return null;
        try {
            Map<String, Number> values = Json.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Number>>() {});
            Map<String, Long> out = new LinkedHashMap<>();
            values.forEach((k, v) -> out.put(k, v == null ? null : v.longValue()));
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("v2_answers.stats is not a JSON object", e);
        }
    }

    static String statsJson(Map<String, ?> stats) {
        try {
            return Json.MAPPER.writeValueAsString(stats);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A one-object table's values from its stored answer, in their stored order. */
    static Optional<Map<String, Object>> oneObject(Tx tx, String table, Target target) {
        return find(tx, table, target).map(s -> new LinkedHashMap<String, Object>(s.stats()));
    }
}
