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

    static Sql select(TableQuery q, List<V2Tables.Column> select, Target target, List<V2Filter.Condition> where,
            List<V2Filter.Condition> having, List<V2Filter.OrderBy> orderBy, long limit, long offset, boolean postgres) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < select.size(); i++) {
            if (i > 0) sql.append(", ");
            sql.append(q.columns().get(select.get(i).name())).append(" AS c").append(i);
        }
        sql.append(" FROM ").append(from(q, target, where, args)).append(" WHERE ").append(outerTarget(q, target, args));
        if (q.fixedCondition() != null) sql.append(" AND ").append(q.fixedCondition());
        // Ungrouped tables have one row per link: every condition filters those rows. Grouped tables filter rows with
        // where's conditions on plain columns, and groups with having's and with any condition on an aggregate.
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
        sql.append(" ORDER BY ");
        for (V2Filter.OrderBy o : orderBy) {
            sql.append(q.columns().get(o.column().name()));
            // Byte order for text on PostgreSQL too (SQLite's order), whatever the database's locale collation.
            if (o.column().type() == V2Tables.Type.STR) sql.append("{C}");
            sql.append(o.descending() ? " DESC" : " ASC").append(", ");
        }
        List<TableQuery.Key> keys = q.orderKeys(); // a total order, so paging is stable
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i > 0 ? ", " : "").append(keys.get(i).sql()).append(keys.get(i).text() ? "{C}" : "");
        }
        sql.append(" LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return new Sql(dialect(sql.toString(), postgres), args);
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
