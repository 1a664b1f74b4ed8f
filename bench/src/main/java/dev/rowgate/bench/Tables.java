package dev.rowgate.bench;

import dev.rowgate.Server;
import dev.rowgate.Wiring;
import dev.rowgate.api.v2.PrecomputeJob;
import dev.rowgate.api.v2.V2Tables;
import dev.rowgate.config.ConfigLoader;
import dev.rowgate.linkdata.Loader;
import dev.rowgate.linkdata.SampleWeb;
import dev.rowgate.linkdata.ScoresJob;
import dev.rowgate.store.Tx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table latency benchmark of {@code bench/tables} (issue 5: "measure and report: load rate in links/s and p50/p99
 * latency of each table's typical query at 1 M and 10 M links"). On a fresh database it:
 * <ol>
 *   <li>generates a synthetic web of about the requested number of links ({@code rowgate data sample}'s generator,
 *       its pages-to-links ratio measured on a small sample first);</li>
 *   <li>loads it with the Loader {@code rowgate data load} uses, and reports links/s;</li>
 *   <li>computes the scores as the server's background job does;</li>
 *   <li>starts a whole server in-process and, for every table of the catalogue (read at run time, so tables added
 *       later are covered), sends its typical query over HTTP, for two targets: the most linked-to site (the worst
 *       case) and a typical one (the site at the median of links in), {@code mode=domain}, {@code limit=100}, default
 *       order; a few warm-up requests, then up to {@code --requests} timed ones (or
 *       {@code --seconds} per table, whichever ends first), one at a time, and reports p50, p99 and max.</li>
 * </ol>
 * Writes a Markdown section to {@code --out} (or stdout); progress goes to stderr, the server's log to stdout. Usage:
 * {@code Tables --db URL --links N [--requests 200] [--seconds 30] [--warmup 3] [--seed 1] [--work DIR] [--out FILE] [--keep true]}
 */
public final class Tables {

    private Tables() {}

    record Options(String db, long links, int requests, int seconds, int warmup, long seed, Path work, Path out, boolean keep) {}

    record Latency(String table, String outcome, int n, double p50, double p99, double max, String results) {}

    /** A site the queries ask about, with the number of links into it (from any page, its own included). */
    record Target(String site, String why, long linksIn) {}

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tables: " + e.getMessage());
            System.exit(2);
            return;
        }
        String md = run(o);
        if (o.out() != null) Files.writeString(o.out(), md);
        else System.out.print(md);
        System.out.flush();
        System.exit(0); // the in-process server's threads are daemons, but HttpClient's selector may linger
    }

    static Options parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
            a.put(args[i], args[i + 1]);
        }
        for (String k : a.keySet()) {
            if (!List.of("--db", "--links", "--requests", "--seconds", "--warmup", "--seed", "--work", "--out", "--keep").contains(k)) {
                throw new IllegalArgumentException("unknown option " + k
                        + " (usage: Tables --db URL --links N [--requests N] [--seconds S] [--warmup N] [--seed S] [--work DIR] [--out FILE] [--keep true])");
            }
        }
        if (!a.containsKey("--db") || !a.containsKey("--links")) throw new IllegalArgumentException("--db and --links are required");
        Path work = a.containsKey("--work") ? Path.of(a.get("--work")) : null;
        return new Options(a.get("--db"), Long.parseLong(a.get("--links")), Integer.parseInt(a.getOrDefault("--requests", "200")),
                Integer.parseInt(a.getOrDefault("--seconds", "30")), Integer.parseInt(a.getOrDefault("--warmup", "3")),
                Long.parseLong(a.getOrDefault("--seed", "1")), work, a.containsKey("--out") ? Path.of(a.get("--out")) : null,
                Boolean.parseBoolean(a.getOrDefault("--keep", "false")));
    }

    static String run(Options o) throws Exception {
        Path work = o.work() != null ? Files.createDirectories(o.work()) : Files.createTempDirectory("rowgate-tables-");
        StringBuilder md = new StringBuilder();
        try {
            // 1. A web of about the requested size: the generator's links per page, measured on a small sample.
            long t0 = System.nanoTime();
            double perPage = linksPerPage(work.resolve("calibrate"), o.seed());
            int pages = (int) Math.max(10, Math.round(o.links() / perPage));
            log("generating about %,d links: %,d pages at %.2f links per page", o.links(), pages, perPage);
            SampleWeb.Summary sample = SampleWeb.write(work.resolve("web"), pages, o.seed());
            double generateS = seconds(t0);
            log("generated %,d pages and %,d links in %.0f s; most linked-to site: %s", sample.pages(), sample.links(), generateS,
                    sample.exampleTarget());

            // No background job during the measurement; a token that outlives a long run.
            Map<String, String> flags = Map.of("cleanup.interval", "1h", "scores.interval", "1h", "tokens.access_ttl", "7d");
            Loader.Summary loaded;
            ScoresJob.Outcome scored;
            double scoreS;
            PrecomputeJob.Outcome answered;
            double answerS;
            String token;
            List<Target> targets;
            try (Wiring w = BenchFixture.wiring(o.db(), flags)) {
                // 2. The load, as rowgate data load does it.
                long last = System.nanoTime();
                long[] lastLog = {last};
                loaded = new Loader(w.database(), w.stores().linkData()).load(List.of(sample.pagesFile(), sample.linksFile()),
                        (file, read, total, records, ms) -> {
                            if (System.nanoTime() - lastLog[0] > 30_000_000_000L) {
                                lastLog[0] = System.nanoTime();
                                log("loading %s: %.0f%%, %,d records, %,.0f records/s", file.getFileName(), 100.0 * read / Math.max(1, total), records,
                                        records * 1000.0 / Math.max(1, ms));
                            }
                        });
                log("loaded %,d pages and %,d links in %.0f s", loaded.pages(), loaded.links(), loaded.millis() / 1000.0);
                // 3. The scores, as the server's background job computes them.
                long s0 = System.nanoTime();
                scored = w.scoresJob().runIfStale();
                scoreS = seconds(s0);
                log("scores: %s in %.0f s", scored.getClass().getSimpleName(), scoreS);
                // 3b. The precomputed answers of the most linked domains, as the server's background job makes them next.
                long a0 = System.nanoTime();
                answered = w.precomputeJob().runIfStale();
                answerS = seconds(a0);
                log("answers: %s in %.0f s", answered, answerS);
                targets = w.database().inTransaction((Tx tx) -> targets(tx, sample.exampleTarget()));
                BenchFixture f = BenchFixture.create(w);
                token = w.database().inTransaction((Tx tx) -> w.tokenIssuer().issuePair(tx, f.grant(), null)).accessToken();
            }
            Files.deleteIfExists(sample.pagesFile());
            Files.deleteIfExists(sample.linksFile());

            // 4. Each table's typical query against a whole server.
            Map<Target, List<Latency>> latencies = new LinkedHashMap<>();
            Map<String, String> serve = new LinkedHashMap<>(flags);
            serve.put("database.url", o.db());
            serve.put("listen.port", "0");
            try (Server server = Server.start(ConfigLoader.load(null, Map.of(), serve), Clock.systemUTC())) {
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                    for (Target target : targets) {
                        log("target %s (%s, %,d links in)", target.site(), target.why(), target.linksIn());
                        List<Latency> forTarget = new ArrayList<>();
                        for (String table : V2Tables.all().keySet()) {
                            if (table.equals("subscription_info")) continue;
                            String url = server.baseUrl() + "/v2/?token=" + token + "&from=" + table + "&target="
                                    + URLEncoder.encode(target.site(), StandardCharsets.UTF_8) + "&mode=domain&limit=100&output=json";
                            Latency l = measure(http, table, url, o);
                            log("%-28s %s", table, l.outcome().equals("ok")
                                    ? String.format("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms (%s)", l.n(), l.p50(), l.p99(), l.max(), l.results()) : l.outcome());
                            forTarget.add(l);
                        }
                        latencies.put(target, forTarget);
                    }
            }
            md.append(section(o, sample, loaded, scored, generateS, scoreS, answered, answerS, latencies));
            return md.toString();
        } finally {
            if (!o.keep()) BenchFixture.deleteTree(work);
        }
    }

    /**
     * The most linked-to site and the site at the median of links in, among the sites with at least one: the first
     * is every table's worst case, the second what most requests of a real API ask about.
     */
    static List<Target> targets(Tx tx, String mostLinked) throws java.sql.SQLException {
        List<String> sites = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        try (var st = tx.connection().prepareStatement("SELECT td.name, COUNT(*) AS n FROM links l JOIN pages tp ON tp.id = l.to_page_id "
                + "JOIN domains td ON td.id = tp.domain_id GROUP BY td.name ORDER BY n DESC, td.name");
                var rs = st.executeQuery()) {
            while (rs.next()) {
                sites.add(rs.getString(1));
                counts.add(rs.getLong(2));
            }
        }
        if (sites.isEmpty()) throw new IllegalStateException("no links were loaded");
        int median = sites.size() / 2;
        List<Target> targets = new ArrayList<>();
        targets.add(new Target(mostLinked, "the most linked-to site", counts.get(Math.max(0, sites.indexOf(mostLinked)))));
        targets.add(new Target(sites.get(median), "a typical site: the median of " + String.format("%,d", sites.size()) + " sites by links in",
                counts.get(median)));
        return targets;
    }

    private static Latency measure(HttpClient http, String table, String url, Options o) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).GET().build();
        HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (first.statusCode() != 200 || first.body().startsWith("{\"error\"")) {
            String error = first.body().length() > 120 ? first.body().substring(0, 120) + "..." : first.body();
            return new Latency(table, first.statusCode() + " " + error, 0, 0, 0, 0, "");
        }
        String results = first.headers().firstValue("X-Results-Count").map(n -> n + " results").orElse("")
                + ", " + String.format("%,d", first.body().length()) + " bytes";
        for (int i = 1; i < o.warmup(); i++) http.send(request, HttpResponse.BodyHandlers.discarding());
        double[] ms = new double[o.requests()];
        int n = 0;
        long budget = System.nanoTime() + o.seconds() * 1_000_000_000L;
        while (n < o.requests() && (n < 5 || System.nanoTime() < budget)) {
            long s = System.nanoTime();
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            ms[n++] = (System.nanoTime() - s) / 1e6;
            if (r.statusCode() != 200) return new Latency(table, "HTTP " + r.statusCode() + " during the run", n, 0, 0, 0, "");
        }
        double[] sorted = Arrays.copyOf(ms, n);
        Arrays.sort(sorted);
        return new Latency(table, "ok", n, rank(sorted, 0.50), rank(sorted, 0.99), sorted[n - 1], results);
    }

    /** Nearest-rank percentile. */
    static double rank(double[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String section(Options o, SampleWeb.Summary sample, Loader.Summary loaded, ScoresJob.Outcome scored, double generateS,
            double scoreS, PrecomputeJob.Outcome answered, double answerS, Map<Target, List<Latency>> latencies) {
        StringBuilder md = new StringBuilder();
        double loadS = loaded.millis() / 1000.0;
        md.append(String.format("- synthetic web: %,d pages, %,d links, %,d sites (seed %d); generated in %.0f s%n", sample.pages(), sample.links(),
                sample.sites(), o.seed(), generateS));
        md.append(String.format("- **load: %,.0f links/s** (%,d links and %,d pages in %.0f s, %,.0f records/s)%n", loaded.links() / loadS,
                loaded.links(), loaded.pages(), loadS, loaded.recordsPerSecond()));
        String scoreLine = scored instanceof ScoresJob.Outcome.Recomputed r
                ? String.format("%,d pages over %,d dofollow links, %,d domains over %,d domain links", r.summary().pages(), r.summary().links(),
                        r.summary().domains(), r.summary().domainEdges())
                : scored.toString();
        md.append(String.format("- scores: %.0f s (%s)%n", scoreS, scoreLine));
        String answerLine = answered instanceof PrecomputeJob.Outcome.Computed c
                ? String.format("%,d answers of %,d rows for the %,d domains with at least v2.precompute_links links in or out", c.answers(), c.rows(),
                        c.targets())
                : answered.toString();
        md.append(String.format("- precomputed answers: %.0f s (%s)%n", answerS, answerLine));
        md.append(String.format("- queries: `mode=domain`, `limit=100`, default order; %d warm-up, then up to %d requests "
                + "or %d s per table, one at a time, for each target below%n", o.warmup(), o.requests(), o.seconds()));
        for (var entry : latencies.entrySet()) {
            Target t = entry.getKey();
            md.append(String.format("%n### Target `%s`: %s, %,d links in%n%n", t.site(), t.why(), t.linksIn()));
            md.append("| table | p50 ms | p99 ms | max ms | requests | first answer |\n| --- | ---: | ---: | ---: | ---: | --- |\n");
            for (Latency l : entry.getValue()) {
                if (l.outcome().equals("ok")) {
                    md.append(String.format("| `%s` | %.1f | %.1f | %.1f | %d | %s |%n", l.table(), l.p50(), l.p99(), l.max(), l.n(), l.results()));
                } else {
                    md.append(String.format("| `%s` | | | | | %s |%n", l.table(), l.outcome().replace("|", "\\|")));
                }
            }
        }
        return md.toString();
    }

    /** Links per page of the generator, from a small sample with the same seed. */
    static double linksPerPage(Path folder, long seed) {
        try {
            SampleWeb.Summary s = SampleWeb.write(folder, 20_000, seed);
            BenchFixture.deleteTree(folder);
            return (double) s.links() / s.pages();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.err.printf("tables: " + format + "%n", args);
        System.err.flush();
    }
}
