package dev.rowgate.api.v2;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Not a test: prints the plan of the SQL that v2 tables run for a target in domain mode, with its real parameters,
 * on SQLite ({@code EXPLAIN QUERY PLAN}) or PostgreSQL ({@code EXPLAIN ANALYZE}), and the time of one run. How the
 * plans in docs/v2-tables.md were read:
 *
 * <pre>
 * ./mvnw -q -pl server -am package -DskipTests && ./mvnw -q -pl server test-compile
 * java -cp "server/target/test-classes:server/target/classes:server/target/lib/*" dev.rowgate.api.v2.V2Plans \
 *     jdbc:sqlite:data/rowgate.db site-0040.example 100 all ['date>="2026-10-01"']
 * </pre>
 */
public final class V2Plans {

    private V2Plans() {}

    public static void main(String[] args) throws SQLException {
        if (args.length < 4) {
            System.err.println("usage: V2Plans JDBC_URL TARGET LIMIT (all|table,table...) [WHERE]");
            System.exit(2);
        }
        String target = args[1];
        long limit = Long.parseLong(args[2]);
        String where = args.length > 4 ? args[4] : null;
        List<String> tables = args[3].equals("all") ? TableQuery.SERVED.keySet().stream().sorted().toList() : List.of(args[3].split(","));
        boolean postgres = args[0].startsWith("jdbc:postgresql:");
        try (Connection c = DriverManager.getConnection(args[0])) {
            for (String name : tables) {
                V2Tables.Table table = V2Tables.table(name).orElseThrow(() -> new IllegalArgumentException("no table " + name));
                TableQuery q = TableQuery.SERVED.get(name);
                Target t = Target.of(target, "domain", q.targetAlias());
                // As V2Endpoint: the domain ids are bound only where PostgreSQL plans the query for its values.
                List<V2Filter.Condition> conditions = V2Filter.parse("where", where, table);
                boolean bindIds = postgres && SqlBuilder.plansForValues(q, t, conditions, List.of(), List.of()) && SqlBuilder.choosesByDomainIds(q, t);
                List<Long> domainIds = bindIds ? run(c, t.domainIds().sql(), t.domainIds().args(), 1).stream().map(Long::valueOf).toList() : null;
                SqlBuilder.Sql sql = SqlBuilder.select(q, V2Filter.select(null, table), t, domainIds, conditions, List.of(), List.of(),
                        limit, 0, postgres);
                System.out.println("==== " + name + " target=" + target + " limit=" + limit + (where == null ? "" : " where=" + where));
                String explain = postgres ? "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " : "EXPLAIN QUERY PLAN ";
                for (String line : run(c, explain + sql.text(), sql.args(), postgres ? 1 : 4)) System.out.println("  " + line);
                long start = System.nanoTime();
                int rows = run(c, sql.text(), sql.args(), 1).size();
                System.out.printf("  -> %d rows in %.1f ms (one run)%n", rows, (System.nanoTime() - start) / 1e6);
            }
        }
    }

    private static List<String> run(Connection c, String sql, List<Object> args, int column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) out.add(String.valueOf(rs.getObject(column)));
                return out;
            }
        }
    }
}
