package dev.rowgate.linkdata;

import dev.rowgate.store.Database;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The link-graph scores of the v2 API (api-v2.md), recomputed from the loaded links:
 * <ul>
 *   <li>{@code ahrefs_rank} (URL rating) of a page: PageRank over pages, following live (not lost) dofollow links;</li>
 *   <li>{@code domain_rating} of a domain: PageRank over domains, one edge per linking domain pair (self-links left
 *       out), so a domain gains by being linked from many domains, not by many links from one;</li>
 *   <li>{@code ahrefs_top}: the domain's position when all domains are ranked by domain rating (1 is the best).</li>
 * </ul>
 * PageRank: damping 0.85, the rank of pages without outgoing links spread evenly, iterated until the ranks move by
 * less than 1e-9 in total (at most 100 times). Scaling to 0-100 is logarithmic, because PageRank is heavy-tailed:
 * {@code score = round(100 * ln(pr / pr_min) / ln(pr_max / pr_min))}, so the least-linked node scores 0 and the
 * most-linked 100 (all 0 when every node ranks the same).
 */
public final class Scores {

    public record Summary(int pages, int links, int domains, int domainEdges, int iterationsPages, int iterationsDomains, long millis) {}

    static final double DAMPING = 0.85;
    static final int MAX_ITERATIONS = 100;
    static final double TOLERANCE = 1e-9;
    private static final int WRITE_BATCH = 5_000;

    private final Database database;

    public Scores(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public Summary recompute() {
        long start = System.currentTimeMillis();
        // Pages and their domains; ids are mapped to dense indexes for the arrays.
        List<long[]> pageRows = database.read((Tx tx) -> Jdbc.query(tx, "SELECT id, domain_id FROM pages ORDER BY id",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}));
        int n = pageRows.size();
        Map<Long, Integer> pageIndex = new HashMap<>(n * 2);
        long[] pageIds = new long[n];
        Map<Long, Integer> domainIndex = new HashMap<>();
        List<Long> domainIds = new ArrayList<>();
        int[] domainOf = new int[n];
        for (int i = 0; i < n; i++) {
            pageIds[i] = pageRows.get(i)[0];
            pageIndex.put(pageIds[i], i);
            long d = pageRows.get(i)[1];
            Integer di = domainIndex.get(d);
            if (di == null) {
                di = domainIds.size();
                domainIndex.put(d, di);
                domainIds.add(d);
            }
            domainOf[i] = di;
        }
        List<int[]> edges = new ArrayList<>();
        database.read((Tx tx) -> Jdbc.query(tx, "SELECT from_page_id, to_page_id FROM links WHERE lost_at IS NULL AND nofollow = ?", rs -> {
            Integer from = pageIndex.get(rs.getLong(1));
            Integer to = pageIndex.get(rs.getLong(2));
            if (from != null && to != null && !from.equals(to)) edges.add(new int[] {from, to});
            return null;
        }, false));
        int[] from = new int[edges.size()];
        int[] to = new int[edges.size()];
        for (int i = 0; i < edges.size(); i++) {
            from[i] = edges.get(i)[0];
            to[i] = edges.get(i)[1];
        }
        Rank pages = pageRank(n, from, to);

        int dn = domainIds.size();
        java.util.Set<Long> pairs = new java.util.HashSet<>();
        for (int i = 0; i < from.length; i++) {
            int a = domainOf[from[i]];
            int b = domainOf[to[i]];
            if (a != b) pairs.add((long) a * dn + b);
        }
        int[] dFrom = new int[pairs.size()];
        int[] dTo = new int[pairs.size()];
        int k = 0;
        for (long p : pairs) {
            dFrom[k] = (int) (p / dn);
            dTo[k++] = (int) (p % dn);
        }
        Rank domains = pageRank(dn, dFrom, dTo);

        int[] pageScore = scale(pages.rank);
        int[] domainScore = scale(domains.rank);
        Integer[] order = new Integer[dn];
        for (int i = 0; i < dn; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> domainScore[x] != domainScore[y] ? Integer.compare(domainScore[y], domainScore[x])
                : Double.compare(domains.rank[y], domains.rank[x]) != 0 ? Double.compare(domains.rank[y], domains.rank[x])
                : Long.compare(domainIds.get(x), domainIds.get(y)));
        long[] top = new long[dn];
        for (int pos = 0; pos < dn; pos++) top[order[pos]] = pos + 1;

        for (int i = 0; i < n; i += WRITE_BATCH) {
            List<Object[]> rows = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + WRITE_BATCH); j++) rows.add(new Object[] {pageScore[j], pageIds[j]});
            database.inTransaction((Tx tx) -> {
                Jdbc.batch(tx, "UPDATE pages SET ahrefs_rank = ? WHERE id = ?", rows);
                return null;
            });
        }
        for (int i = 0; i < dn; i += WRITE_BATCH) {
            List<Object[]> rows = new ArrayList<>();
            for (int j = i; j < Math.min(dn, i + WRITE_BATCH); j++) rows.add(new Object[] {domainScore[j], top[j], domainIds.get(j)});
            database.inTransaction((Tx tx) -> {
                Jdbc.batch(tx, "UPDATE domains SET domain_rating = ?, ahrefs_top = ? WHERE id = ?", rows);
                return null;
            });
        }
        return new Summary(n, from.length, dn, dFrom.length, pages.iterations, domains.iterations, System.currentTimeMillis() - start);
    }

    record Rank(double[] rank, int iterations) {}

    /** Power iteration over an edge list (parallel edges count twice, as two links do). */
    static Rank pageRank(int n, int[] from, int[] to) {
        if (n == 0) return new Rank(new double[0], 0);
        int[] outDegree = new int[n];
        for (int f : from) outDegree[f]++;
        double[] rank = new double[n];
        Arrays.fill(rank, 1.0 / n);
        double[] next = new double[n];
        int iterations = 0;
        for (; iterations < MAX_ITERATIONS; iterations++) {
            double dangling = 0;
            for (int i = 0; i < n; i++) if (outDegree[i] == 0) dangling += rank[i];
            Arrays.fill(next, (1 - DAMPING) / n + DAMPING * dangling / n);
            for (int e = 0; e < from.length; e++) next[to[e]] += DAMPING * rank[from[e]] / outDegree[from[e]];
            double delta = 0;
            for (int i = 0; i < n; i++) delta += Math.abs(next[i] - rank[i]);
            double[] t = rank;
            rank = next;
            next = t;
            if (delta < TOLERANCE) {
                iterations++;
                break;
            }
        }
        return new Rank(rank, iterations);
    }

    /** 0-100 on a log scale between the smallest and the largest rank. */
    static int[] scale(double[] rank) {
        int[] out = new int[rank.length];
        if (rank.length == 0) return out;
        double min = Arrays.stream(rank).min().orElse(0);
        double max = Arrays.stream(rank).max().orElse(0);
        if (min <= 0 || max / min < 1 + 1e-12) return out;
        double span = Math.log(max / min);
        for (int i = 0; i < rank.length; i++) out[i] = (int) Math.round(100 * Math.log(rank[i] / min) / span);
        return out;
    }
}
