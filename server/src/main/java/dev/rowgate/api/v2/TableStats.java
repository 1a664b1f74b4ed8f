package dev.rowgate.api.v2;

import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The "stats" object of a table's answer (api-v2.md), in the table's order of names; see {@link SqlBuilder#stats}. */
final class TableStats {

    private TableStats() {}

    static Map<String, Long> compute(Tx tx, TableQuery query, Target target, List<V2Filter.Condition> where, boolean postgres) {
        Map<String, Long> values = new HashMap<>();
        read(tx, SqlBuilder.stats(query, target, where, postgres), query, false, values);
        if (!query.groupStats().isEmpty()) read(tx, SqlBuilder.groupStats(query, target, where, postgres), query, true, values);
        Map<String, Long> stats = new LinkedHashMap<>();
        for (String name : query.stats().keySet()) stats.put(name, values.get(name));
        return stats;
    }

    /** Reads one stats query: its columns are the table's stats, in order, that are (or are not) computed per group. */
    private static void read(Tx tx, SqlBuilder.Sql sql, TableQuery query, boolean perGroup, Map<String, Long> into) {
        Jdbc.query(tx, sql.text(), rs -> {
            int i = 1;
            for (String name : query.stats().keySet()) {
                if (query.groupStats().containsKey(name) == perGroup) into.put(name, rs.getLong(i++));
            }
            return null;
        }, sql.args().toArray());
    }
}
