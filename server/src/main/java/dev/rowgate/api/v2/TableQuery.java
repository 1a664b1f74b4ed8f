package dev.rowgate.api.v2;

import java.util.List;
import java.util.Map;

/**
 * How one v2 table is read: the FROM clause (the target constrains the alias {@code target}), and the SQL expression
 * of every column of the table's catalogue entry. Filters, order and paging are added by {@link SqlBuilder}.
 *
 * <p>Three placeholders may appear in the SQL text of a table, each expanded by {@link SqlBuilder} (never with client
 * text: values are always bound parameters):
 * <ul>
 *   <li>{@code {target}} in {@code from}: the target's condition, inside a subquery (its parameters bound there);
 *   <li>{@code {target_domains}} in {@code from}: the target's domains (on the alias {@code sd}), see {@link Target#domains};
 *   <li>{@code {matched}} in {@code from}: the conjunction of the where conditions (over {@link #whereExpression}),
 *       {@code 1 = 1} without any; a table that has it takes every where condition there and nowhere else;
 *   <li>{@code {C}} anywhere: {@code COLLATE "C"} on PostgreSQL, nothing on SQLite, so that MIN/MAX and order of
 *       text are byte order on both databases whatever PostgreSQL's locale.
 * </ul>
 *
 * @param outerTarget false when {@code from} holds the target's condition itself ({@code {target}}), so the outer
 *     WHERE does not repeat it
 * @param order the keys that make the order total (so paging never repeats or skips a row); null: the group-by
 *     expressions (text), or the link or page id
 * @param fixedHaving a condition every group must meet, or null
 * @param groupStats stats computed per group and then maximized over the groups (name to per-group expression);
 *     the names also appear in {@code stats} (with a null expression) to fix their place in the answer
 * @param linkHasRows for a table of a few rows per link into the target, ordered by link id first: the condition a link
 *     meets when it has at least one row; null otherwise (see {@link SqlBuilder#firstLinks})
 */
public record TableQuery(String table, String from, String targetAlias, String fixedCondition, Map<String, String> columns,
        String groupBy, Map<String, String> stats, Map<String, String> rowLevel, boolean outerTarget, List<Key> order,
        String fixedHaving, Map<String, String> groupStats, String linkHasRows) {

    /** One key of the total order; text keys sort in byte order on both databases. */
    public record Key(String sql, boolean text) {}

    /** A table of one row per link. */
    TableQuery(String table, String from, String targetAlias, String fixedCondition, Map<String, String> columns) {
        this(table, from, targetAlias, fixedCondition, columns, null, Map.of(), Map.of());
    }

    /** A grouped table; rowLevel gives where-only columns the per-row expression a where condition filters on. */
    TableQuery(String table, String from, String targetAlias, String fixedCondition, Map<String, String> columns, String groupBy,
            Map<String, String> stats) {
        this(table, from, targetAlias, fixedCondition, columns, groupBy, stats, Map.of());
    }

    TableQuery(String table, String from, String targetAlias, String fixedCondition, Map<String, String> columns, String groupBy,
            Map<String, String> stats, Map<String, String> rowLevel) {
        this(table, from, targetAlias, fixedCondition, columns, groupBy, stats, rowLevel, true, null, null, Map.of(), null);
    }

    /** The same table, with the target's condition inside {@code from} only. */
    TableQuery targetInFrom() {
        return new TableQuery(table, from, targetAlias, fixedCondition, columns, groupBy, stats, rowLevel, false, order, fixedHaving, groupStats,
                linkHasRows);
    }

    TableQuery orderedBy(Key... keys) {
        return new TableQuery(table, from, targetAlias, fixedCondition, columns, groupBy, stats, rowLevel, outerTarget, List.of(keys),
                fixedHaving, groupStats, linkHasRows);
    }

    TableQuery having(String condition) {
        return new TableQuery(table, from, targetAlias, fixedCondition, columns, groupBy, stats, rowLevel, outerTarget, order, condition,
                groupStats, linkHasRows);
    }

    TableQuery withGroupStats(Map<String, String> perGroup) {
        return new TableQuery(table, from, targetAlias, fixedCondition, columns, groupBy, stats, rowLevel, outerTarget, order, fixedHaving,
                Map.copyOf(perGroup), linkHasRows);
    }

    /** The same table, whose links with a row meet the condition (on the alias {@code l}); see {@link #linkHasRows}. */
    TableQuery withLinkRows(String condition) {
        if (!from.startsWith("links l ")) throw new IllegalStateException(table + ": linkHasRows needs a FROM clause that starts with links l");
        return new TableQuery(table, from, targetAlias, fixedCondition, columns, groupBy, stats, rowLevel, outerTarget, order, fixedHaving,
                groupStats, condition);
    }

    /** True when a where condition on the column filters groups (HAVING) rather than rows. */
    boolean aggregated(String column) {
        if (rowLevel.containsKey(column)) return false;
        if (groupBy == null) return false;
        String expr = columns.get(column);
        while (expr.startsWith("(")) expr = expr.substring(1); // "(MAX(...) = 1)": a test of an aggregate
        return expr.startsWith("COUNT(") || expr.startsWith("MIN(") || expr.startsWith("MAX(") || expr.startsWith("SUM(");
    }

    /**
     * True when a where condition on the column keeps or drops whole rows of the table's answer and changes no value
     * in it nor its stats: a condition on an aggregate (it filters groups, like having), or in a table of one row per
     * record and no stats, on a column computed from that row alone. Such a condition can filter a stored answer
     * ({@link PrecomputedAnswers}); a condition on the links (where-only columns, a group's key) cannot.
     */
    boolean filtersAnswerRows(String column) {
        if (whereInFrom() || rowLevel.containsKey(column)) return false;
        return groupBy != null ? aggregated(column) : stats.isEmpty();
    }

    /** The expression a where condition on the column tests. */
    String whereExpression(String column) {
        return rowLevel.getOrDefault(column, columns.get(column));
    }

    /** True when every where condition goes into the FROM clause's {@code {matched}}. */
    boolean whereInFrom() {
        return from.contains("{matched}");
    }

    /** The tables served from loaded link data. */
    public static final Map<String, TableQuery> SERVED = java.util.stream.Stream.of(backlinks(), brokenBacklinks(), brokenLinks(),
            refdomains(), anchors(), refips(), linkedDomains(), ahrefsRank(), pages(), pagesInfo(), pagesExtended(),
            NewLostTables.backlinksNewLost(), NewLostTables.backlinksNewLostCounters(), NewLostTables.refdomainsNewLost(),
            NewLostTables.refdomainsNewLostCounters(), LinkViewTables.backlinksOnePerDomain(), LinkViewTables.linkedAnchors(),
            LinkViewTables.anchorsRefdomains(), LinkViewTables.linkedDomainsByType(), LinkViewTables.refdomainsByType())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(TableQuery::table, q -> q));

    /** The keys that make the order total (so paging never repeats or skips a row). */
    List<Key> orderKeys() {
        if (order != null) return order;
        if (groupBy != null) return java.util.Arrays.stream(groupBy.split(", ")).map(k -> new Key(k, true)).toList();
        return List.of(byId(from.startsWith("links") ? "l.id" : "tp.id"));
    }

    /**
     * An id as the last key of the order. The unary plus keeps the database from serving ORDER BY id LIMIT n by walking
     * the whole table in id order and filtering for the target's rows (PostgreSQL did so for a target with a few hundred
     * backlinks: 10,458 links read for limit=10); the plan then starts from the target's pages. It is SQLite's documented
     * way to keep a term off an index, and PostgreSQL does not match +id to the id index either.
     */
    static Key byId(String column) {
        return new Key("+" + column, false);
    }

    /** The target's pages with their URL rating. */
    static TableQuery ahrefsRank() {
        return new TableQuery("ahrefs_rank", PAGES, "tp", null, Map.of("url", "tp.url", "ahrefs_rank", "tp.ahrefs_rank"));
    }

    /** The target's pages as crawled; stats count them. */
    static TableQuery pages() {
        return new TableQuery("pages", PAGES, "tp", null, pageColumns(), null, Map.of("pages", "COUNT(*)"));
    }

    /** The target's pages with what was loaded about them (no social counters: the load format has none). */
    static TableQuery pagesInfo() {
        return new TableQuery("pages_info", PAGES, "tp", null, Map.ofEntries(
                Map.entry("url", "tp.url"), Map.entry("ip", "tp.ip"), Map.entry("size", "tp.size"),
                Map.entry("links_internal", "tp.links_internal"), Map.entry("links_external", "tp.links_external"),
                Map.entry("encoding", "tp.encoding"), Map.entry("title", "tp.title"), Map.entry("redirect_url", "tp.redirect_url"),
                Map.entry("canonical_url", "tp.canonical_url"), Map.entry("content_encoding", "tp.content_encoding"),
                Map.entry("description", "tp.description")));
    }

    /** The target's pages with counts of the links into each (live and lost alike). */
    static TableQuery pagesExtended() {
        Map<String, String> columns = new java.util.HashMap<>(pageColumns());
        String into = " FROM links x WHERE x.to_page_id = tp.id";
        String intoFrom = " FROM links x JOIN pages f ON f.id = x.from_page_id WHERE x.to_page_id = tp.id";
        columns.put("backlinks", "(SELECT COUNT(*)" + into + ")");
        columns.put("dofollow", "(SELECT COUNT(*)" + into + " AND x.nofollow = FALSE)");
        columns.put("nofollow", "(SELECT COUNT(*)" + into + " AND x.nofollow = TRUE)");
        columns.put("redirects", "(SELECT COUNT(*)" + into + " AND x.link_type = 'redirect')");
        columns.put("refdomains", "(SELECT COUNT(DISTINCT f.domain_id)" + intoFrom + ")");
        columns.put("refclass_c", "(SELECT COUNT(DISTINCT rtrim(f.ip, '0123456789'))" + intoFrom + ")");
        columns.put("refips", "(SELECT COUNT(DISTINCT f.ip)" + intoFrom + ")");
        return new TableQuery("pages_extended", PAGES, "tp", null, Map.copyOf(columns), null, Map.of("pages", "COUNT(*)"));
    }

    private static Map<String, String> pageColumns() {
        return Map.ofEntries(
                Map.entry("url", "tp.url"), Map.entry("ahrefs_rank", "tp.ahrefs_rank"), Map.entry("first_seen", "tp.first_seen"),
                Map.entry("last_visited", "tp.last_visited"), Map.entry("http_code", "tp.http_code"), Map.entry("size", "tp.size"),
                Map.entry("links_internal", "tp.links_internal"), Map.entry("links_external", "tp.links_external"),
                Map.entry("encoding", "tp.encoding"), Map.entry("title", "tp.title"), Map.entry("redirect_url", "tp.redirect_url"),
                Map.entry("content_encoding", "tp.content_encoding"));
    }

    /** The first three octets of an IPv4 address ("203.0.113."): its class C network, the same SQL on both databases. */
    static final String CLASS_C = "rtrim(fp.ip, '0123456789')";

    /** One row per referring domain of the target; stats count them, their IPs and their class C networks. */
    static TableQuery refdomains() {
        return new TableQuery("refdomains", LINK_JOINS, "tp", null, Map.ofEntries(
                Map.entry("url", "MIN(tp.url)"), Map.entry("ip", "MIN(fp.ip)"), Map.entry("refdomain", "fd.name"),
                Map.entry("backlinks", "COUNT(*)"), Map.entry("refpages", "COUNT(DISTINCT fp.id)"), Map.entry("first_seen", "MIN(l.first_seen)"),
                Map.entry("last_visited", "MAX(l.last_visited)"), Map.entry("domain_rating", "MAX(fd.domain_rating)")),
                "fd.name", orderedStats("refdomains", "COUNT(DISTINCT fd.id)", "ips", "COUNT(DISTINCT fp.ip)", "class_c", "COUNT(DISTINCT " + CLASS_C + ")"),
                Map.of("url", "tp.url", "ip", "fp.ip"));
    }

    /** One row per anchor text of the links into the target; stats count the links and linking pages. */
    static TableQuery anchors() {
        return new TableQuery("anchors", LINK_JOINS, "tp", null, Map.ofEntries(
                Map.entry("anchor", "l.anchor"), Map.entry("backlinks", "COUNT(*)"), Map.entry("refpages", "COUNT(DISTINCT fp.id)"),
                Map.entry("refdomain", "MIN(fd.name)"), Map.entry("refdomains", "COUNT(DISTINCT fd.id)"),
                Map.entry("first_seen", "MIN(l.first_seen)"), Map.entry("last_visited", "MAX(l.last_visited)")),
                "l.anchor", orderedStats("backlinks", "COUNT(*)", "refpages", "COUNT(DISTINCT fp.id)"), Map.of("refdomain", "fd.name"));
    }

    /** One row per IP (and domain on it) that links to the target. */
    static TableQuery refips() {
        return new TableQuery("refips", LINK_JOINS, "tp", "fp.ip IS NOT NULL", Map.ofEntries(
                Map.entry("refip", "fp.ip"), Map.entry("refdomain", "fd.name"), Map.entry("backlinks", "COUNT(*)")),
                "fp.ip, fd.name", Map.of());
    }

    /** The domains the target links out to (external links only). */
    static TableQuery linkedDomains() {
        return new TableQuery("linked_domains", LINK_JOINS, "fp", "fd.id <> td.id", Map.ofEntries(
                Map.entry("domain_from", "MIN(fd.name)"), Map.entry("domain_to", "td.name"), Map.entry("links", "COUNT(*)"),
                Map.entry("unique_pages", "COUNT(DISTINCT tp.id)"), Map.entry("domain_to_rating", "MAX(td.domain_rating)"),
                Map.entry("domain_to_ahrefs_top", "MAX(td.ahrefs_top)")),
                "td.name", Map.of());
    }

    private static Map<String, String> orderedStats(String... nameThenExpr) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameThenExpr.length; i += 2) m.put(nameThenExpr[i], nameThenExpr[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** A page that answered 4xx or 5xx at its last visit: what makes a link broken (api-v2.md). */
    static final String BROKEN = "tp.http_code >= 400";

    /** The error text of a broken page: "HTTP 404". */
    static final String ERROR = "'HTTP ' || CAST(tp.http_code AS VARCHAR(3))";

    /** The pages of the target, for the tables of one row per page. */
    static final String PAGES = "pages tp";

    /** Every link with its two pages and their domains: l, tp (linked page), fp (linking page), td, fd. */
    static final String LINK_JOINS = """
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

    static Map<String, String> backlinkColumns() {
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
