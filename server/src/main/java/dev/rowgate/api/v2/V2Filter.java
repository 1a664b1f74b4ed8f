package dev.rowgate.api.v2;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filter language of the v2 API (api-v2.md), parsed into records before anything touches SQL. {@code where} and
 * {@code having}: conditions {@code col=v}, {@code <>}, {@code <}, {@code <=}, {@code >}, {@code >=} and the functions
 * {@code substring(col,"v")}, {@code word(col,"v")}, {@code subdomain(col,"v")}, joined by commas (AND). Strings and
 * dates are double-quoted with backslash escapes, integers bare, booleans true/false. Each table says which columns
 * each parameter may use. A known client bug drops a function's parentheses ({@code substringtitle,"x"}); it is
 * read as the client meant it. Every problem is a {@link V2Error} naming the parameter, the place and the fix.
 */
public final class V2Filter {

    public enum Op {
        EQ("="), NE("<>"), LE("<="), GE(">="), LT("<"), GT(">");

        final String text;

        Op(String text) {
            this.text = text;
        }
    }

    public enum Function { SUBSTRING, WORD, SUBDOMAIN }

    /** One condition; the value is a String, Long, BigDecimal, Boolean or LocalDate matching the column's type. */
    public sealed interface Condition {
        V2Tables.Column column();
    }

    public record Comparison(V2Tables.Column column, Op op, Object value) implements Condition {}

    public record Match(Function function, V2Tables.Column column, String text) implements Condition {}

    public record OrderBy(V2Tables.Column column, boolean descending) {}

    static final int MAX_CONDITIONS = 50;

    private V2Filter() {}

    /** Parses a where or having parameter; null or blank is no condition. */
    public static List<Condition> parse(String parameter, String text, V2Tables.Table table) {
        if (text == null || text.isBlank()) return List.of();
        return new Parser(parameter, text, table).conditions();
    }

    /** select: comma-separated columns, or * (the default) for all of them. */
    public static List<V2Tables.Column> select(String text, V2Tables.Table table) {
        if (text == null || text.isBlank() || text.strip().equals("*")) return List.copyOf(table.columns().values());
        List<V2Tables.Column> out = new ArrayList<>();
        for (String name : text.split(",")) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            V2Tables.Column c = table.column(n).orElseThrow(() -> new V2Error("unknown column \"" + n + "\" in \"select\" of table \"" + table.name() + "\""));
            if (!out.contains(c)) out.add(c);
        }
        return out;
    }

    /** order_by: {@code col[:asc|desc],...}, ascending by default. */
    public static List<OrderBy> orderBy(String text, V2Tables.Table table) {
        if (text == null || text.isBlank()) return List.of();
        List<OrderBy> out = new ArrayList<>();
        for (String item : text.split(",")) {
            String[] p = item.strip().split(":", 2);
            String n = p[0].strip().toLowerCase(Locale.ROOT);
            V2Tables.Column c = table.column(n).orElseThrow(() -> new V2Error("unknown column \"" + n + "\" in \"order_by\" of table \"" + table.name() + "\""));
            String dir = p.length > 1 ? p[1].strip().toLowerCase(Locale.ROOT) : "asc";
            if (!dir.equals("asc") && !dir.equals("desc")) throw new V2Error("\"order_by\": direction of \"" + n + "\" must be asc or desc");
            out.add(new OrderBy(c, dir.equals("desc")));
        }
        return out;
    }

    /** Recursive descent over one parameter's text; pos is always the next character to read. */
    private static final class Parser {
        private final String parameter;
        private final String s;
        private final V2Tables.Table table;
        private int pos;

        Parser(String parameter, String text, V2Tables.Table table) {
            this.parameter = parameter;
            this.s = text;
            this.table = table;
        }

        List<Condition> conditions() {
            List<Condition> out = new ArrayList<>();
            while (true) {
                if (out.size() == MAX_CONDITIONS) throw error("more than " + MAX_CONDITIONS + " conditions");
                out.add(condition());
                spaces();
                if (pos == s.length()) return out;
                if (s.charAt(pos) != ',') throw error("expected \",\" or the end after a condition, at position " + (pos + 1));
                pos++;
            }
        }

        private Condition condition() {
            spaces();
            int start = pos;
            String ident = identifier();
            if (ident.isEmpty()) throw error("expected a column or a function at position " + (start + 1));
            String lower = ident.toLowerCase(Locale.ROOT);
            spaces();
            Function fn = function(lower);
            if (fn != null && peek() == '(') {
                pos++;
                spaces();
                V2Tables.Column column = column(identifier().toLowerCase(Locale.ROOT));
                spaces();
                expect(',');
                spaces();
                String text = string();
                spaces();
                expect(')');
                return match(fn, column, text);
            }
            // The known client bug: the parentheses dropped, as in substringtitle,"x" for substring(title,"x").
            for (Function f : Function.values()) {
                String name = f.name().toLowerCase(Locale.ROOT);
                if (lower.startsWith(name) && lower.length() > name.length() && peek() == ','
                        && table.column(lower.substring(name.length())).isPresent()) {
                    V2Tables.Column column = column(lower.substring(name.length()));
                    pos++;
                    spaces();
                    return match(f, column, string());
                }
            }
            V2Tables.Column column = column(lower);
            Op op = op();
            spaces();
            return new Comparison(column, op, value(column));
        }

        private Match match(Function fn, V2Tables.Column column, String text) {
            if (column.type() != V2Tables.Type.STR) {
                throw error(fn.name().toLowerCase(Locale.ROOT) + "() needs a text column, and \"" + column.name() + "\" is not one");
            }
            return new Match(fn, column, text);
        }

        private V2Tables.Column column(String name) {
            if (name.isEmpty()) throw error("expected a column name at position " + (pos + 1));
            V2Tables.Column c = table.column(name).orElseThrow(() -> new V2Error("unknown column \"" + name + "\" in \"" + parameter
                    + "\" of table \"" + table.name() + "\""));
            boolean allowed = parameter.equals("having") ? c.having() : c.where();
            if (!allowed) throw new V2Error("column \"" + name + "\" can not be used in \"" + parameter + "\"");
            return c;
        }

        private Op op() {
            for (Op op : Op.values()) {
                if (s.startsWith(op.text, pos)) {
                    pos += op.text.length();
                    return op;
                }
            }
            throw error("expected an operator (=, <>, <, <=, >, >=) at position " + (pos + 1));
        }

        private Object value(V2Tables.Column column) {
            int at = pos;
            Object v;
            if (peek() == '"') {
                v = string();
            } else {
                String word = token();
                if (word.isEmpty()) throw error("expected a value at position " + (at + 1));
                v = switch (word.toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> number(word, at);
                };
            }
            return typed(column, v, at);
        }

        /** The value must be of the column's type: numbers bare, text and dates quoted, booleans true or false. */
        private Object typed(V2Tables.Column c, Object v, int at) {
            String where = " (column \"" + c.name() + "\", position " + (at + 1) + ")";
            return switch (c.type()) {
                case STR -> {
                    if (!(v instanceof String)) throw error("expected a quoted string" + where);
                    yield v;
                }
                case INT -> {
                    if (!(v instanceof Long)) throw error("expected a whole number" + where);
                    yield v;
                }
                case FLOAT -> {
                    if (v instanceof Long l) yield BigDecimal.valueOf(l);
                    if (!(v instanceof BigDecimal)) throw error("expected a number" + where);
                    yield v;
                }
                case BOOL -> {
                    if (!(v instanceof Boolean)) throw error("expected true or false" + where);
                    yield v;
                }
                case DATE, DAY -> {
                    if (!(v instanceof String text)) throw error("expected a date like \"2013-11-24\"" + where);
                    try {
                        yield LocalDate.parse(text);
                    } catch (DateTimeParseException e) {
                        throw error("expected a date like \"2013-11-24\"" + where);
                    }
                }
            };
        }

        private Object number(String word, int at) {
            try {
                if (word.matches("-?\\d{1,18}")) return Long.parseLong(word);
                if (word.matches("-?\\d{1,18}\\.\\d{1,18}")) return new BigDecimal(word);
            } catch (NumberFormatException ignored) {
                // falls through to the error
            }
            throw error("expected a value (a number, a quoted string, true or false) at position " + (at + 1));
        }

        /** A double-quoted string; a backslash takes the next character as it is. */
        private String string() {
            int start = pos;
            if (peek() != '"') throw error("expected a double-quoted string at position " + (pos + 1));
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') return sb.toString();
                if (c == '\\') {
                    if (pos == s.length()) break;
                    sb.append(s.charAt(pos++));
                } else {
                    sb.append(c);
                }
            }
            throw error("unterminated string starting at position " + (start + 1));
        }

        private String identifier() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) pos++;
            return s.substring(start, pos);
        }

        /** A bare value: up to a comma, a space or the end. */
        private String token() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && !Character.isWhitespace(s.charAt(pos))) pos++;
            return s.substring(start, pos);
        }

        private void expect(char c) {
            if (peek() != c) throw error("expected \"" + c + "\" at position " + (pos + 1));
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void spaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        private static Function function(String lower) {
            for (Function f : Function.values()) if (f.name().equalsIgnoreCase(lower)) return f;
            return null;
        }

        private V2Error error(String problem) {
            return new V2Error("parameter \"" + parameter + "\": " + problem);
        }
    }
}
