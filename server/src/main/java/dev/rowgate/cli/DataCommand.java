package dev.rowgate.cli;

import dev.rowgate.InvalidInputException;
import dev.rowgate.Wiring;
import dev.rowgate.linkdata.BadLine;
import dev.rowgate.linkdata.Loader;
import dev.rowgate.linkdata.SampleWeb;
import dev.rowgate.linkdata.Scores;
import dev.rowgate.api.v2.PrecomputeJob;
import dev.rowgate.linkdata.ScoresJob;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "data", description = "Link data: pages and links the v2 API serves.", subcommands = {DataCommand.Load.class, DataCommand.Sample.class, DataCommand.RecomputeScores.class})
final class DataCommand {

    @Command(name = "load", description = "Load pages and links from .csv or .jsonl files (optionally .gz); loading again adds and updates.")
    static final class Load extends BaseCommand {
        @Parameters(paramLabel = "FILE", arity = "1..*")
        List<Path> files;

        @Option(names = "--no-scores", description = "Leave the scores to a running server, which recomputes them in the background.")
        boolean noScores;

        @Override
        public Integer call() {
            for (Path f : files) if (!Files.isRegularFile(f)) throw new InvalidInputException("file " + f + " does not exist");
            return withWiring(w -> {
                Loader.Summary s = load(w, files, io.err());
                Map<String, Object> json = summaryJson(s, null);
                String text = summaryText(s);
                if (!noScores) {
                    ScoresJob.Outcome scores = w.scoresJob().runIfStale();
                    json.put("scores", scoresJson(scores));
                    text += "\n" + scoresText(scores);
                    PrecomputeJob.Outcome answers = w.precomputeJob().runIfStale();
                    json.put("answers", answersJson(answers));
                    text += "\n" + answersText(answers);
                }
                print(json, text);
                return 0;
            });
        }
    }

    @Command(name = "sample", description = "Generate a reproducible synthetic web and load it (or only write its files with --out).")
    static final class Sample extends BaseCommand {
        @Option(names = "--pages", defaultValue = "2000", description = "How many pages (default ${DEFAULT-VALUE}).")
        int pages;

        @Option(names = "--seed", defaultValue = "1", description = "The same seed gives the same web (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", paramLabel = "DIR", description = "Write pages.jsonl and links.jsonl here instead of loading them.")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (pages < 10 || pages > 50_000_000) throw new InvalidInputException("--pages: must be from 10 to 50000000");
            Path folder = out != null ? out : Files.createTempDirectory("rowgate-sample-");
            SampleWeb.Summary sample = SampleWeb.write(folder, pages, seed);
            if (out != null) {
                print(sampleJson(sample, null), "wrote " + sample.pages() + " pages and " + sample.links() + " links of " + sample.sites()
                        + " synthetic sites to " + folder + " (example target: " + sample.exampleTarget() + ")");
                return 0;
            }
            try {
                return withWiring(w -> {
                    Loader.Summary s = load(w, List.of(sample.pagesFile(), sample.linksFile()), io.err());
                    ScoresJob.Outcome scores = w.scoresJob().runIfStale();
                    PrecomputeJob.Outcome answers = w.precomputeJob().runIfStale();
                    Map<String, Object> json = sampleJson(sample, s);
                    json.put("scores", scoresJson(scores));
                    json.put("answers", answersJson(answers));
                    print(json, summaryText(s) + "\n" + scoresText(scores) + "\n" + answersText(answers) + "\nsynthetic sample of " + sample.sites()
                            + " sites; example target: " + sample.exampleTarget());
                    return 0;
                });
            } finally {
                Files.deleteIfExists(sample.pagesFile());
                Files.deleteIfExists(sample.linksFile());
                Files.deleteIfExists(folder);
            }
        }
    }

    @Command(name = "scores", description = "Recompute the link-graph scores (URL rating, domain rating, ahrefs_top) from the loaded links.")
    static final class RecomputeScores extends BaseCommand {
        @Override
        public Integer call() {
            return withWiring(w -> {
                ScoresJob.Outcome scores = w.scoresJob().runNow();
                if (scores instanceof ScoresJob.Outcome.Busy) {
                    io.err().println("rowgate: another process (a running server, or a load) is recomputing the scores now; try again when it is done");
                    return 1;
                }
                PrecomputeJob.Outcome answers = w.precomputeJob().runNow();
                Map<String, Object> json = new java.util.LinkedHashMap<>(scoresJson(scores));
                json.put("answers", answersJson(answers));
                print(json, scoresText(scores) + "\n" + answersText(answers));
                return 0;
            });
        }
    }

    static String answersText(PrecomputeJob.Outcome outcome) {
        return switch (outcome) {
            case PrecomputeJob.Outcome.Computed c -> "answers: precomputed " + c.answers() + " v2 answers (" + c.rows() + " rows) for the "
                    + c.targets() + " most linked domains in " + c.millis() + " ms";
            case PrecomputeJob.Outcome.UpToDate u -> "answers: already precomputed for this data";
            case PrecomputeJob.Outcome.Off o -> "answers: not precomputed (v2.precompute_links = 0)";
            case PrecomputeJob.Outcome.Busy b -> "answers: another process (a running server) is precomputing them now";
        };
    }

    static Map<String, Object> answersJson(PrecomputeJob.Outcome outcome) {
        return switch (outcome) {
            case PrecomputeJob.Outcome.Computed c -> Map.of("answers", c.answers(), "rows", c.rows(), "domains", c.targets(), "ms", c.millis());
            case PrecomputeJob.Outcome.UpToDate u -> Map.of("up_to_date", true);
            case PrecomputeJob.Outcome.Off o -> Map.of("off", true);
            case PrecomputeJob.Outcome.Busy b -> Map.of("busy", true);
        };
    }

    static String scoresText(ScoresJob.Outcome outcome) {
        return switch (outcome) {
            case ScoresJob.Outcome.Recomputed r -> scoresText(r.summary());
            case ScoresJob.Outcome.UpToDate u -> "scores: already computed for this data";
            case ScoresJob.Outcome.Busy b -> "scores: another process (a running server) is recomputing them now; it recomputes again for this load";
        };
    }

    static Map<String, Object> scoresJson(ScoresJob.Outcome outcome) {
        return switch (outcome) {
            case ScoresJob.Outcome.Recomputed r -> scoresJson(r.summary());
            case ScoresJob.Outcome.UpToDate u -> Map.of("up_to_date", true);
            case ScoresJob.Outcome.Busy b -> Map.of("busy", true);
        };
    }

    static String scoresText(Scores.Summary s) {
        return String.format("scored %,d pages over %,d dofollow links and %,d domains over %,d domain links in %.1f s", s.pages(), s.links(),
                s.domains(), s.domainEdges(), s.millis() / 1000.0);
    }

    static Map<String, Object> scoresJson(Scores.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pages", s.pages());
        m.put("links", s.links());
        m.put("domains", s.domains());
        m.put("domain_links", s.domainEdges());
        m.put("iterations", List.of(s.iterationsPages(), s.iterationsDomains()));
        m.put("millis", s.millis());
        return m;
    }

    static Loader.Summary load(Wiring w, List<Path> files, PrintStream err) {
        boolean terminal = System.console() != null;
        try {
            Loader.Summary s = new Loader(w.database(), w.stores().linkData()).load(files, terminal ? (file, read, total, records, ms) -> {
                double fraction = total == 0 ? 1 : Math.min(1, (double) read / total);
                double rate = ms == 0 ? 0 : records * 1000.0 / ms;
                long eta = fraction <= 0 ? 0 : (long) (ms * (1 - fraction) / fraction / 1000);
                int filled = (int) (fraction * 30);
                err.printf("\r%s [%s%s] %3.0f%%  %,.0f records/s  ETA %ds   ", file.getFileName(), "#".repeat(filled), " ".repeat(30 - filled),
                        fraction * 100, rate, eta);
                err.flush();
            } : null);
            if (terminal) err.println();
            for (BadLine bad : s.firstBadLines()) err.println("rowgate: skipped " + bad);
            if (s.badLines() > s.firstBadLines().size()) err.println("rowgate: ... and " + (s.badLines() - s.firstBadLines().size()) + " more bad lines");
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String summaryText(Loader.Summary s) {
        return String.format("loaded %,d pages and %,d links in %.1f s (%,.0f records/s); %,d bad line(s) skipped", s.pages(), s.links(),
                s.millis() / 1000.0, s.recordsPerSecond(), s.badLines());
    }

    static Map<String, Object> summaryJson(Loader.Summary s, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pages", s.pages());
        m.put("links", s.links());
        m.put("bad_lines", s.badLines());
        List<String> bad = new ArrayList<>();
        for (BadLine b : s.firstBadLines()) bad.add(b.toString());
        m.put("first_bad_lines", bad);
        m.put("millis", s.millis());
        if (extra != null) m.putAll(extra);
        return m;
    }

    static Map<String, Object> sampleJson(SampleWeb.Summary sample, Loader.Summary loaded) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("synthetic", true);
        m.put("pages", sample.pages());
        m.put("links", sample.links());
        m.put("sites", sample.sites());
        m.put("example_target", sample.exampleTarget());
        if (loaded == null) {
            m.put("files", List.of(sample.pagesFile().toString(), sample.linksFile().toString()));
        } else {
            m.put("loaded", summaryJson(loaded, null));
        }
        return m;
    }
}
