package dev.rowgate.api.v2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a precomputed answer of one table keeps each column and each order key in {@code v2_answer_rows} (V8): typed
 * slots given out in catalogue order, text in {@code txt0..}, whole numbers and dates (epoch milliseconds) in
 * {@code num0..}, reals in {@code real0..}, booleans in {@code bool0..}; the order keys that make the table's order
 * total ({@link TableQuery#orderKeys}) come after the columns. One schema holds every table's answers, and a stored
 * value is the very value the live query's expression gave, so filtering and ordering the slots gives the same rows.
 *
 * @param columns the slot of every column of the table
 * @param keys the slot of every order key, in order
 */
record AnswerLayout(Map<String, String> columns, List<Slot> keys) {

    /** A slot and whether it holds text (ordered in byte order, like the live query's text keys). */
    record Slot(String name, boolean text) {}

    /** How many slots of each kind V8 made. */
    static final int TEXT_SLOTS = 16;
    static final int NUMBER_SLOTS = 20;
    static final int REAL_SLOTS = 4;
    static final int BOOLEAN_SLOTS = 12;

    static AnswerLayout of(V2Tables.Table table, TableQuery query) {
        int[] used = new int[4];
        Map<String, String> columns = new LinkedHashMap<>();
        for (V2Tables.Column c : table.columns().values()) {
            columns.put(c.name(), switch (c.type()) {
                case STR -> slot("txt", 0, TEXT_SLOTS, used, table);
                case INT, DATE, DAY -> slot("num", 1, NUMBER_SLOTS, used, table);
                case FLOAT -> slot("real", 2, REAL_SLOTS, used, table);
                case BOOL -> slot("bool", 3, BOOLEAN_SLOTS, used, table);
            });
        }
        List<Slot> keys = new ArrayList<>();
        for (TableQuery.Key k : query.orderKeys()) {
            keys.add(new Slot(k.text() ? slot("txt", 0, TEXT_SLOTS, used, table) : slot("num", 1, NUMBER_SLOTS, used, table), k.text()));
        }
        return new AnswerLayout(java.util.Collections.unmodifiableMap(columns), List.copyOf(keys));
    }

    private static String slot(String prefix, int kind, int available, int[] used, V2Tables.Table table) {
        if (used[kind] == available) throw new IllegalStateException("table " + table.name() + " needs more " + prefix + " slots than V8 made");
        return prefix + used[kind]++;
    }

    /** Every slot this layout fills, columns then keys, in the order the answer's SELECT lists their values. */
    List<String> slots() {
        List<String> all = new ArrayList<>(columns.values());
        for (Slot k : keys) all.add(k.name());
        return all;
    }
}
