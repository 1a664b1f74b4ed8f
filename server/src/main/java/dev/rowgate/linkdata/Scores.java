package dev.rowgate.linkdata;

import dev.rowgate.store.Database;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    /** Rows per write transaction: short, so that requests waiting for the (SQLite) writer wait little. */
    private static final int WRITE_BATCH = 1_000;

    private final Database database;

    public Scores(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    public Summary recompute() {
        long start = System.currentTimeMillis();
        // Pages in id order, so a page's dense index is found by binary search over the sorted ids: primitive arrays
        // hold the graph (about 30 bytes per page and 8 per link), which matters now that the server does this.
        LongList pageIdList = new LongList();
        LongList domainOfPage = new LongList();
        IntList oldPageScore = new IntList();
        database.read((Tx tx) -> Jdbc.query(tx, "SELECT id, domain_id, ahrefs_rank FROM pages ORDER BY id", rs -> {
            pageIdList.add(rs.getLong(1));
            domainOfPage.add(rs.getLong(2));
            oldPageScore.add(rs.getInt(3));
            return null;
        }));
        long[] pageIds = pageIdList.toArray();
        int n = pageIds.length;
        LongList domainIdList = new LongList();
        IntList oldDomainScore = new IntList();
        LongList oldTop = new LongList();
        database.read((Tx tx) -> Jdbc.query(tx, "SELECT id, domain_rating, ahrefs_top FROM domains ORDER BY id", rs -> {
            domainIdList.add(rs.getLong(1));
            oldDomainScore.add(rs.getInt(2));
            oldTop.add(rs.getLong(3));
            return null;
        }));
        long[] domainIds = domainIdList.toArray();
        int dn = domainIds.length;
        int[] domainOf = new int[n];
        for (int i = 0; i < n; i++) domainOf[i] = Math.max(0, Arrays.binarySearch(domainIds, domainOfPage.get(i)));

        IntList fromList = new IntList();
        IntList toList = new IntList();
        database.read((Tx tx) -> Jdbc.query(tx, "SELECT from_page_id, to_page_id FROM links WHERE lost_at IS NULL AND nofollow = ?", rs -> {
            int f = Arrays.binarySearch(pageIds, rs.getLong(1));
            int t = Arrays.binarySearch(pageIds, rs.getLong(2));
            if (f >= 0 && t >= 0 && f != t) {
                fromList.add(f);
                toList.add(t);
            }
            return null;
        }, false));
        int[] from = fromList.toArray();
        int[] to = toList.toArray();
        Rank pages = pageRank(n, from, to);

        // One edge per linking domain pair: the pairs as longs, sorted and deduplicated.
        long[] pairs = new long[from.length];
        int pn = 0;
        for (int i = 0; i < from.length; i++) {
            int a = domainOf[from[i]];
            int b = domainOf[to[i]];
            if (a != b) pairs[pn++] = (long) a * dn + b;
        }
        Arrays.sort(pairs, 0, pn);
        int unique = 0;
        for (int i = 0; i < pn; i++) if (unique == 0 || pairs[i] != pairs[unique - 1]) pairs[unique++] = pairs[i];
        int[] dFrom = new int[unique];
        int[] dTo = new int[unique];
        for (int k = 0; k < unique; k++) {
            dFrom[k] = (int) (pairs[k] / dn);
            dTo[k] = (int) (pairs[k] % dn);
        }
        Rank domains = pageRank(dn, dFrom, dTo);

        int[] pageScore = scale(pages.rank);
        int[] domainScore = scale(domains.rank);
        Integer[] order = new Integer[dn];
        for (int i = 0; i < dn; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> domainScore[x] != domainScore[y] ? Integer.compare(domainScore[y], domainScore[x])
                : Double.compare(domains.rank[y], domains.rank[x]) != 0 ? Double.compare(domains.rank[y], domains.rank[x])
                : Long.compare(domainIds[x], domainIds[y]));
        long[] top = new long[dn];
        for (int pos = 0; pos < dn; pos++) top[order[pos]] = pos + 1;

        // Only the values that changed are written, in short transactions: after a small load most scores stay, and
        // on SQLite every write transaction holds the one writer that the token endpoint also needs.
        List<Object[]> pageRows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (pageScore[i] != oldPageScore.get(i)) pageRows.add(new Object[] {pageScore[i], pageIds[i]});
        }
        writeInBatches("UPDATE pages SET ahrefs_rank = ? WHERE id = ?", pageRows);
        List<Object[]> domainRows = new ArrayList<>();
        for (int i = 0; i < dn; i++) {
            if (domainScore[i] != oldDomainScore.get(i) || top[i] != oldTop.get(i)) domainRows.add(new Object[] {domainScore[i], top[i], domainIds[i]});
        }
        writeInBatches("UPDATE domains SET domain_rating = ?, ahrefs_top = ? WHERE id = ?", domainRows);
        // On PostgreSQL the updates left new row versions that index-only scans of the pages must read the table for
        // until a vacuum marks them visible (see Loader.refreshStatistics); autovacuum would come, but later.
        if ((!pageRows.isEmpty() || !domainRows.isEmpty()) && database.dialect() == dev.rowgate.config.DatabaseUrl.Dialect.POSTGRES) {
            database.maintain("VACUUM (ANALYZE) pages, domains");
        }
        return new Summary(n, from.length, dn, dFrom.length, pages.iterations, domains.iterations, System.currentTimeMillis() - start);
    }

    private void writeInBatches(String sql, List<Object[]> rows) {
        for (int i = 0; i < rows.size(); i += WRITE_BATCH) {
            List<Object[]> batch = rows.subList(i, Math.min(rows.size(), i + WRITE_BATCH));
            database.inTransaction((Tx tx) -> {
                Jdbc.batch(tx, sql, batch);
                LinkDataVersion.noteChange(tx, System.currentTimeMillis());
                return null;
            });
        }
    }

    /** A growable long array (no boxing). */
    private static final class LongList {
        private long[] a = new long[1024];
        private int size;

        void add(long v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }

        long get(int i) {
            return a[i];
        }

        long[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    /** A growable int array (no boxing). */
    private static final class IntList {
        private int[] a = new int[1024];
        private int size;

        void add(int v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
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
