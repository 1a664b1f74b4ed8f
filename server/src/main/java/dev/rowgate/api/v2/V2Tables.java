package dev.rowgate.api.v2;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The 25 tables of the v2 API with their columns, where/having rules, JSON keys and prices, read from
 * {@code v2/tables.tsv} (a copy of the contract's v2-tables.tsv; a test keeps the two identical). A "(backlinks
 * columns)" cell stands for all of that table's columns.
 */
public final class V2Tables {

    public enum Type { STR, INT, DATE, DAY, BOOL, FLOAT }

    public record Column(String name, Type type, boolean where, boolean having) {}

    public record Table(String name, String jsonKey, List<String> extraKeys, Map<String, Column> columns, BigDecimal requestPrice,
            BigDecimal perResultPrice) {

        public Optional<Column> column(String name) {
            return Optional.ofNullable(columns.get(name));
        }
    }

    private static final Map<String, Table> TABLES = load();

    private V2Tables() {}

    public static Optional<Table> table(String name) {
        return Optional.ofNullable(TABLES.get(name));
    }

    public static Map<String, Table> all() {
        return TABLES;
    }

    private static Map<String, Table> load() {
        Map<String, Table> tables = new LinkedHashMap<>();
        try (InputStream in = V2Tables.class.getResourceAsStream("/v2/tables.tsv")) {
            if (in == null) throw new IllegalStateException("v2/tables.tsv is missing from the classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                Map<String, Column> columns = new LinkedHashMap<>();
                for (String spec : columnSpecs(f[3])) {
                    if (spec.startsWith("(") && spec.endsWith(" columns)")) {
                        String base = spec.substring(1, spec.length() - " columns)".length());
                        Table from = tables.get(base);
                        if (from == null) throw new IllegalStateException("table " + f[0] + " refers to unknown " + base);
                        columns.putAll(from.columns());
                    } else if (!spec.startsWith("(")) {
                        Column c = column(spec);
                        columns.put(c.name(), c);
                    }
                }
                List<String> extras = f[2].isEmpty() ? List.of() : List.of(f[2]);
                tables.put(f[0], new Table(f[0], f[1], extras, Collections.unmodifiableMap(columns), new BigDecimal(f[4]), new BigDecimal(f[5])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(tables);
    }

    /** Splits a columns cell on spaces, keeping parenthesized phrases such as "(backlinks columns)" whole. */
    private static List<String> columnSpecs(String cell) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : cell.toCharArray()) {
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (c == ' ' && depth == 0) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    /** "name:type:+:-" (where, having); "name:type" (neither); "name:type(where only)". */
    private static Column column(String spec) {
        String[] p = spec.split(":");
        String typeText = p[1];
        boolean whereOnly = typeText.endsWith("(where only)");
        if (whereOnly) typeText = typeText.substring(0, typeText.indexOf('('));
        Type type = Type.valueOf(typeText.toUpperCase(java.util.Locale.ROOT));
        boolean where = whereOnly || (p.length > 2 && p[2].equals("+"));
        boolean having = p.length > 3 && p[3].equals("+");
        return new Column(p[0], type, where, having);
    }
}
