package dev.rowgate.api.v2;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a parsed v2 request into one SELECT whose every value is a bound parameter: nothing a client sends is ever
 * part of the SQL text. Text matching is case-insensitive through LOWER() on both databases, so SQLite and
 * PostgreSQL give the same rows; dates (stored as epoch milliseconds) compare as whole UTC days.
 */
final class SqlBuilder {

    record Sql(String text, List<Object> args) {}

    private SqlBuilder() {}

    /**
     * True when {@link #select} chooses the links into the target by its domains' ids; a caller that plans the query
     * for its values ({@link #plansForValues}) looks them up first ({@link Target#domainIds}) and passes them.
     */
    static boolean choosesByDomainIds(TableQuery q, Target target) {
        return rowPerRecord(q) && q.from().equals(TableQuery.LINK_JOINS) && q.targetAlias().equals("tp") && target.namesDomains();
    }

    /**
     * True when the query's plan should be made for its values (see {@link dev.rowgate.store.Jdbc#queryPlannedForValues}):
     * the tables of one row per link or page, whose best plan depends on how many rows the target has. All but one
     * shape: the links into the target's domains in the default order with no other condition, which the index on
     * (to_domain_id, id) serves in order whatever the domain, so a prepared plan fits every target. That is the
     * metered backlinks call, and planning it at every call cost PostgreSQL a quarter of its rate (bench/run: 403-419
     * -> 305-316 calls/s; bench/README.md).
     */
    static boolean plansForValues(TableQuery q, Target target, List<V2Filter.Condition> where, List<V2Filter.Condition> having,
            List<V2Filter.OrderBy> orderBy) {
        if (!rowPerRecord(q)) return false;
        boolean servedInIndexOrder = choosesByDomainIds(q, target) && q.fixedCondition() == null && where.isEmpty()
                && having.isEmpty() && orderBy.isEmpty();
        return !servedInIndexOrder;
    }

    /**
     * @param domainIds the target's domain ids, looked up in the same transaction, for a query planned for its values;
     *     null names them by a subquery (always right for SQLite, and for PostgreSQL's prepared plans)
     */
    static Sql select(TableQuery q, List<V2Tables.Column> select, Target target, List<Long> domainIds, List<V2Filter.Condition> where,
            List<V2Filter.Condition> having, List<V2Filter.OrderBy> orderBy, long limit, long offset, boolean postgres) {
        if (rowPerRecord(q)) {
            Target chooser = choosesByDomainIds(q, target) ? target.onLinksInto("l", domainIds).orElseThrow() : target;
            return idsFirst(q, select, target, chooser, where, having, orderBy, limit, offset, postgres);
        }
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(selectList(q, select));
        sql.append(" FROM ");
        if (q.linkHasRows() != null && where.isEmpty() && having.isEmpty() && orderBy.isEmpty() && target.namesDomains()) {
            sql.append(firstLinks(q, target, limit + offset, postgres, args)).append(from(q, target, where, args).substring("links l".length()));
        } else {
            sql.append(from(q, target, where, args));
        }
        filter(q, target, where, having, args, sql);
        sql.append(" ORDER BY ").append(String.join(", ", order(q, orderBy)));
        sql.append(" LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return new Sql(dialect(sql.toString(), postgres), args);
    }

    /**
     * The whole answer of a table for a target, as {@link PrecomputedAnswers} keeps it: no where, having or limit;
     * every column of the table in catalogue order, then every order key (the values of {@link AnswerLayout#slots}); in
     * the table's default order, so that the stored rows' numbers follow it.
     */
    static Sql wholeAnswer(TableQuery q, V2Tables.Table table, Target target, boolean postgres) {
        List<String> values = new ArrayList<>();
        for (String column : table.columns().keySet()) values.add(q.columns().get(column));
        for (TableQuery.Key key : q.orderKeys()) values.add(key.sql());
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", values));
        sql.append(" FROM ").append(from(q, target, List.of(), args));
        filter(q, target, List.of(), List.of(), args, sql);
        List<String> keys = new ArrayList<>();
        for (TableQuery.Key key : q.orderKeys()) keys.add(key.sql() + (key.text() ? "{C}" : ""));
        sql.append(" ORDER BY ").append(String.join(", ", keys));
        return new Sql(dialect(sql.toString(), postgres), args);
    }

    /**
     * A request's rows from a stored answer: the same conditions, order and paging as {@link #select} builds, on the
     * stored values instead of the expressions that computed them. Every condition here tests a column's own value
     * (where only on the columns {@link TableQuery#filtersAnswerRows} allows, having on any), so the same rows pass.
     */
    static Sql fromAnswer(AnswerLayout layout, long answerId, List<V2Tables.Column> select, List<V2Filter.Condition> where,
            List<V2Filter.Condition> having, List<V2Filter.OrderBy> orderBy, long limit, long offset, boolean postgres) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < select.size(); i++) {
            sql.append(i > 0 ? ", " : "").append("r.").append(layout.columns().get(select.get(i).name())).append(" AS c").append(i);
        }
        sql.append(" FROM v2_answer_rows r WHERE r.answer_id = ?");
        args.add(answerId);
        for (V2Filter.Condition c : where) sql.append(" AND ").append(condition("r." + layout.columns().get(c.column().name()), c, args));
        for (V2Filter.Condition c : having) sql.append(" AND ").append(condition("r." + layout.columns().get(c.column().name()), c, args));
        List<String> terms = new ArrayList<>();
        for (V2Filter.OrderBy o : orderBy) {
            String collate = o.column().type() == V2Tables.Type.STR ? "{C}" : "";
            terms.add("r." + layout.columns().get(o.column().name()) + collate + (o.descending() ? " DESC" : " ASC"));
        }
        // The rows were numbered in the table's default order (wholeAnswer): without an order_by their number is that
        // order, read from the primary key in order, so a page of a 227,000-row answer does not sort them all.
        if (orderBy.isEmpty()) terms.add("r.row_no");
        else for (AnswerLayout.Slot key : layout.keys()) terms.add("r." + key.name() + (key.text() ? "{C}" : ""));
        sql.append(" ORDER BY ").append(String.join(", ", terms)).append(" LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return new Sql(dialect(sql.toString(), postgres), args);
    }

    /**
     * For a table of a few rows per link ordered by link id first ({@link TableQuery#linkHasRows}), asked in that order
     * with no condition: the page's rows come from the target's first {@code links} links that have a row, so the FROM
     * clause starts from those, taken in id order from the index on (to_domain_id, id), and joins the table's own
     * {@code links l} (the start of its FROM clause) to them. backlinks_new_lost of the most linked-to site at 10 M links sorted all 2.6 M events of
     * its 1.3 M links to return 100 (5.5-5.7 s on both databases; bench/TABLES-10M.md).
     */
    private static String firstLinks(TableQuery q, Target target, long links, boolean postgres, List<Object> args) {
        Target into = target.onLinksInto("l", null).orElseThrow();
        args.addAll(into.args());
        args.add(links);
        // CROSS JOIN keeps the chosen links the outer loop on SQLite: without it SQLite 3.54 started from the target's
        // pages (pages_host) and probed the chosen ids for each of its 1.3 M links (5.2 s; 6 ms with it). PostgreSQL
        // has no CROSS JOIN ... ON, and orders the joins by its estimates.
        return "(SELECT l.id AS first_id FROM links l WHERE " + into.sql() + " AND " + q.linkHasRows() + " ORDER BY l.id LIMIT ?) first_links"
                + (postgres ? " JOIN" : " CROSS JOIN") + " links l ON l.id = first_links.first_id";
    }

    private static String selectList(TableQuery q, List<V2Tables.Column> select) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < select.size(); i++) {
            if (i > 0) sql.append(", ");
            sql.append(q.columns().get(select.get(i).name())).append(" AS c").append(i);
        }
        return sql.toString();
    }

    /**
     * The WHERE clause and, for a grouped table, GROUP BY and HAVING. Ungrouped tables have one row per link or page:
     * every condition filters those rows. Grouped tables filter rows with where's conditions on plain columns, and
     * groups with having's and with any condition on an aggregate.
     */
    private static void filter(TableQuery q, Target target, List<V2Filter.Condition> where, List<V2Filter.Condition> having,
            List<Object> args, StringBuilder sql) {
        sql.append(" WHERE ").append(outerTarget(q, target, args));
        if (q.fixedCondition() != null) sql.append(" AND ").append(q.fixedCondition());
        List<Object> havingArgs = new ArrayList<>();
        StringBuilder havingSql = new StringBuilder();
        if (q.fixedHaving() != null) havingSql.append(q.fixedHaving());
        if (!q.whereInFrom()) {
            for (V2Filter.Condition c : where) {
                if (q.aggregated(c.column().name())) append(havingSql, condition(q, c, havingArgs));
                else sql.append(" AND ").append(condition(q.whereExpression(c.column().name()), c, args));
            }
        }
        for (V2Filter.Condition c : having) {
            if (q.groupBy() != null) append(havingSql, condition(q, c, havingArgs));
            else sql.append(" AND ").append(condition(q, c, args));
        }
        if (q.groupBy() != null) {
            sql.append(" GROUP BY ").append(q.groupBy());
            if (!havingSql.isEmpty()) sql.append(" HAVING ").append(havingSql);
            args.addAll(havingArgs);
        }
    }

    /** The ORDER BY terms: the client's order_by, then the keys that make the order total (so paging is stable). */
    private static List<String> order(TableQuery q, List<V2Filter.OrderBy> orderBy) {
        List<String> terms = new ArrayList<>();
        for (V2Filter.OrderBy o : orderBy) {
            // Byte order for text on PostgreSQL too (SQLite's order), whatever the database's locale collation.
            String collate = o.column().type() == V2Tables.Type.STR ? "{C}" : "";
            terms.add(q.columns().get(o.column().name()) + collate + (o.descending() ? " DESC" : " ASC"));
        }
        for (TableQuery.Key key : q.orderKeys()) terms.add(key.sql() + (key.text() ? "{C}" : ""));
        return terms;
    }

    /** Tables of one row per link (or per page) read straight from the link joins (or the pages): see idsFirst. */
    private static boolean rowPerRecord(TableQuery q) {
        return q.groupBy() == null && q.outerTarget() && (q.from().equals(TableQuery.LINK_JOINS) || q.from().equals(TableQuery.PAGES));
    }

    private static final java.util.regex.Pattern ALIAS = java.util.regex.Pattern.compile("\\b(tp|fp|td|fd)\\.");

    /**
     * A "deferred join": first the ids of the rows of the page, ordered and limited over only the joins that the target,
     * the filters and the order need; then the wide columns (URLs, titles, texts, per-page counts) for those rows only.
     * Selecting every column in one query made both databases carry them through the sort of all of the target's rows
     * to keep 10: on SQLite, backlinks of the most linked-to site (1 M links) took 2.9 s, and pages_extended ran its
     * link counts for every page of the target. The outer query sorts only the chosen rows again, by the same terms.
     * Links into a domain (or its subdomains) are chosen by the links' copy of their target's domain (V6): in the
     * default order, by link id, that reads as many entries of its index as the page holds (the metered backlinks call
     * of bench/run on SQLite: 0.63 to 0.17 ms a query).
     */
    private static Sql idsFirst(TableQuery q, List<V2Tables.Column> select, Target target, Target chooser, List<V2Filter.Condition> where,
            List<V2Filter.Condition> having, List<V2Filter.OrderBy> orderBy, long limit, long offset, boolean postgres) {
        boolean links = q.from().equals(TableQuery.LINK_JOINS);
        String id = links ? "l.id" : "tp.id";
        // Links into a domain are chosen by the links' own copy of their target's domain (chooser), in id order from its index.
        List<Object> args = new ArrayList<>();
        StringBuilder filters = new StringBuilder();
        filter(q, chooser, where, having, args, filters);
        List<String> terms = order(q, orderBy);
        // In the default order the index on (to_domain_id, id) yields the links in id order: the plain id (not the
        // +id of TableQuery.byId, which keeps an index out of the order) lets both databases stop after the page.
        // PostgreSQL gets the plain id always: it plans these queries for their values (plansForValues), so it walks
        // the ids only for a target common enough to fill the page early (the most linked-to site's 227,542 of 1.7 M
        // pages: ahrefs_rank 1.2 s -> 11 ms at 10 M links, bench/README.md), and starts from the target's rows otherwise. SQLite keeps
        // +id: without value statistics it would walk the whole table for any target.
        if ((chooser != target || postgres) && terms.size() == 1) {
            terms = List.of(terms.getFirst().replace("+l.id", "l.id").replace("+tp.id", "tp.id"));
        }
        StringBuilder inner = new StringBuilder("SELECT ").append(id).append(" AS rid");
        StringBuilder outerOrder = new StringBuilder();
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i);
            boolean descending = term.endsWith(" DESC");
            String expr = term.replaceFirst(" (ASC|DESC)$", "");
            boolean text = expr.endsWith("{C}");
            if (text) expr = expr.substring(0, expr.length() - 3);
            inner.append(", ").append(expr).append(" AS o").append(i);
            outerOrder.append(i > 0 ? ", " : "").append("ids.o").append(i).append(text ? "{C}" : "").append(descending ? " DESC" : "");
        }
        String from = links ? linkJoinsFor(filters + " " + String.join(" ", terms)) : q.from();
        inner.append(" FROM ").append(from).append(filters).append(" ORDER BY ").append(String.join(", ", terms)).append(" LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        // CROSS JOIN: SQLite keeps the ids as the outer loop (its documented way to fix a join order); PostgreSQL reads it as a join.
        String sql = "SELECT " + selectList(q, select) + " FROM (" + inner + ") ids CROSS JOIN " + q.from() + " WHERE " + id
                + " = ids.rid ORDER BY " + outerOrder;
        return new Sql(dialect(sql, postgres), args);
    }

    /** The link joins with only the pages and domains the SQL text names (the target, filters and order). */
    private static String linkJoinsFor(String sql) {
        java.util.Set<String> used = new java.util.HashSet<>();
        var m = ALIAS.matcher(sql);
        while (m.find()) used.add(m.group(1));
        if (used.contains("td")) used.add("tp");
        if (used.contains("fd")) used.add("fp");
        StringBuilder from = new StringBuilder("links l");
        if (used.contains("tp")) from.append(" JOIN pages tp ON tp.id = l.to_page_id");
        if (used.contains("fp")) from.append(" JOIN pages fp ON fp.id = l.from_page_id");
        if (used.contains("fd")) from.append(" JOIN domains fd ON fd.id = fp.domain_id");
        if (used.contains("td")) from.append(" JOIN domains td ON td.id = tp.domain_id");
        return from.toString();
    }

    /** {C}: byte order for text on PostgreSQL (SQLite's only order), whatever the database's locale collation. */
    private static String dialect(String sql, boolean postgres) {
        return sql.replace("{C}", postgres ? " COLLATE \"C\"" : "");
    }

    /**
     * The FROM clause with its placeholders expanded in the order they appear, each one's parameters added in that
     * order: {target} the target's condition, {target_domains} the target's domains (on the alias sd), {matched} the
     * where conditions (all of them; 1 = 1 when none).
     */
    private static String from(TableQuery q, Target target, List<V2Filter.Condition> where, List<Object> args) {
        String from = q.from();
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int next = -1;
            String placeholder = null;
            for (String p : List.of("{target}", "{target_domains}", "{matched}")) {
                int i = from.indexOf(p, at);
                if (i >= 0 && (next < 0 || i < next)) {
                    next = i;
                    placeholder = p;
                }
            }
            if (placeholder == null) break;
            out.append(from, at, next);
            switch (placeholder) {
                case "{target}" -> {
                    out.append(target.sql());
                    args.addAll(target.args());
                }
                case "{target_domains}" -> {
                    Target domains = target.domains("sd");
                    out.append(domains.sql());
                    args.addAll(domains.args());
                }
                default -> out.append(matched(q, where, args));
            }
            at = next + placeholder.length();
        }
        return out.append(from.substring(at)).toString();
    }

    private static String matched(TableQuery q, List<V2Filter.Condition> where, List<Object> args) {
        if (where.isEmpty()) return "1 = 1";
        StringBuilder sql = new StringBuilder("(");
        for (V2Filter.Condition c : where) {
            if (sql.length() > 1) sql.append(" AND ");
            sql.append(condition(q.whereExpression(c.column().name()), c, args));
        }
        return sql.append(')').toString();
    }

    private static String outerTarget(TableQuery q, Target target, List<Object> args) {
        if (!q.outerTarget()) return "1 = 1";
        args.addAll(target.args());
        return target.sql();
    }

    private static void append(StringBuilder conditions, String condition) {
        if (!conditions.isEmpty()) conditions.append(" AND ");
        conditions.append(condition);
    }

    /**
     * The extra "stats" object of a table (api-v2.md), over the rows the where conditions keep (conditions on
     * aggregates, which filter groups, do not change it). Stats named in {@code groupStats} are left out here.
     */
    static Sql stats(TableQuery q, Target target, List<V2Filter.Condition> where, boolean postgres) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        int i = 0;
        for (var stat : q.stats().entrySet()) {
            if (!q.groupStats().containsKey(stat.getKey())) sql.append(i++ > 0 ? ", " : "").append(stat.getValue());
        }
        rowsKept(q, target, where, args, sql);
        return new Sql(dialect(sql.toString(), postgres), args);
    }

    /** The stats computed per group, each the largest over the groups of the rows the where conditions keep. */
    static Sql groupStats(TableQuery q, Target target, List<V2Filter.Condition> where, boolean postgres) {
        List<Object> args = new ArrayList<>();
        StringBuilder outer = new StringBuilder("SELECT ");
        StringBuilder sql = new StringBuilder("SELECT ");
        int i = 0;
        for (var stat : q.stats().keySet()) {
            String perGroup = q.groupStats().get(stat);
            if (perGroup == null) continue;
            outer.append(i > 0 ? ", " : "").append("MAX(g.s").append(i).append(')');
            sql.append(i > 0 ? ", " : "").append(perGroup).append(" AS s").append(i);
            i++;
        }
        rowsKept(q, target, where, args, sql);
        sql.append(" GROUP BY ").append(q.groupBy());
        return new Sql(dialect(outer + " FROM (" + sql + ") g", postgres), args);
    }

    private static void rowsKept(TableQuery q, Target target, List<V2Filter.Condition> where, List<Object> args, StringBuilder sql) {
        sql.append(" FROM ").append(from(q, target, where, args)).append(" WHERE ").append(outerTarget(q, target, args));
        if (q.fixedCondition() != null) sql.append(" AND ").append(q.fixedCondition());
        if (q.whereInFrom()) return;
        for (V2Filter.Condition c : where) {
            if (!q.aggregated(c.column().name())) sql.append(" AND ").append(condition(q.whereExpression(c.column().name()), c, args));
        }
    }

    private static String condition(TableQuery q, V2Filter.Condition c, List<Object> args) {
        return condition(q.columns().get(c.column().name()), c, args);
    }

    private static String condition(String expr, V2Filter.Condition c, List<Object> args) {
        return switch (c) {
            case V2Filter.Match m -> match(m, expr, args);
            case V2Filter.Comparison cmp when cmp.value() instanceof LocalDate day -> dayComparison(expr, cmp.op(), day, args);
            case V2Filter.Comparison cmp when cmp.value() instanceof String text -> {
                args.add(text.toLowerCase(Locale.ROOT));
                yield "LOWER(" + expr + ") " + cmp.op().text + " ?";
            }
            case V2Filter.Comparison cmp -> {
                args.add(cmp.value());
                yield expr + " " + cmp.op().text + " ?";
            }
        };
    }

    private static String match(V2Filter.Match m, String expr, List<Object> args) {
        String v = Target.like(m.text().toLowerCase(Locale.ROOT));
        return switch (m.function()) {
            case SUBSTRING -> {
                args.add("%" + v + "%");
                yield "LOWER(" + expr + ") LIKE ? ESCAPE '\\'";
            }
            // A whole word: the value between spaces (or the text's ends).
            case WORD -> {
                args.add("% " + v + " %");
                yield "(' ' || LOWER(" + expr + ") || ' ') LIKE ? ESCAPE '\\'";
            }
            // The URL's host begins with the value and a dot: subdomain(url_from,"blog") matches blog.example.com.
            case SUBDOMAIN -> {
                args.add("http://" + v + ".%");
                args.add("https://" + v + ".%");
                yield "(LOWER(" + expr + ") LIKE ? ESCAPE '\\' OR LOWER(" + expr + ") LIKE ? ESCAPE '\\')";
            }
        };
    }

    private static String dayComparison(String expr, V2Filter.Op op, LocalDate day, List<Object> args) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return switch (op) {
            case EQ -> {
                args.add(start);
                args.add(end);
                yield "(" + expr + " >= ? AND " + expr + " < ?)";
            }
            case NE -> {
                args.add(start);
                args.add(end);
                yield "(" + expr + " < ? OR " + expr + " >= ?)";
            }
            case LT -> {
                args.add(start);
                yield expr + " < ?";
            }
            case LE -> {
                args.add(end);
                yield expr + " < ?";
            }
            case GT -> {
                args.add(end);
                yield expr + " >= ?";
            }
            case GE -> {
                args.add(start);
                yield expr + " >= ?";
            }
        };
    }
}
