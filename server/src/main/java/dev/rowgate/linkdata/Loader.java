package dev.rowgate.linkdata;

import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code rowgate data load}: streams files of pages and links into the database in batches of {@link #BATCH}
 * records, each batch one transaction (all of it or none: never a half-loaded batch). Bad lines are reported with
 * their file, line number and reason, and skipped. Memory stays constant whatever the file size. At the end the
 * link data's version is bumped ({@link LinkDataVersion}), so that a running server recomputes the scores.
 */
public final class Loader {

    public static final int BATCH = 1_000;
    /** How many bad lines the summary lists (all are counted). */
    static final int BAD_LINES_KEPT = 100;

    /** Told after every batch; bytes are of the current file, for a progress bar with rate and ETA. */
    @FunctionalInterface
    public interface Progress {
        void update(Path file, long bytesRead, long bytesTotal, long records, long elapsedMs);
    }

    public record Summary(long pages, long links, long badLines, List<BadLine> firstBadLines, long millis) {
        public double recordsPerSecond() {
            return millis == 0 ? 0 : (pages + links) * 1000.0 / millis;
        }
    }

    private final Database database;
    private final LinkDataStore store;

    public Loader(Database database, LinkDataStore store) {
        this.database = Objects.requireNonNull(database, "database");
        this.store = Objects.requireNonNull(store, "store");
    }

    public Summary load(List<Path> files, Progress progress) throws IOException {
        long start = System.currentTimeMillis();
        List<BadLine> firstBad = new ArrayList<>();
        boolean[] written = {false}; // set by the first batch written
        try {
            return loadAll(files, progress, start, firstBad, written);
        } finally {
            // Even after a failure part of the data may be in: a running server recomputes the scores of what is.
            if (written[0]) {
                database.inTransaction((Tx tx) -> {
                    LinkDataVersion.bump(tx, System.currentTimeMillis());
                    return null;
                });
                refreshStatistics();
            }
        }
    }

    private Summary loadAll(List<Path> files, Progress progress, long start, List<BadLine> firstBad, boolean[] written) throws IOException {
        long pages = 0;
        long links = 0;
        long bad = 0;
        for (Path file : files) {
            long total = Files.size(file);
            try (RecordReader reader = RecordReader.open(file)) {
                List<PageRecord> pageBatch = new ArrayList<>();
                Map<String, LinkRecord> linkBatch = new LinkedHashMap<>();
                long records = 0;
                while (reader.hasNext()) {
                    switch (reader.next()) {
                        case RecordReader.Page p -> pageBatch.add(p.page());
                        // One row per (from, to, anchor, type): a repeat within the batch replaces the earlier one.
                        case RecordReader.Link l -> linkBatch.put(l.link().urlFrom() + "\n" + l.link().urlTo() + "\n" + l.link().anchor() + "\n"
                                + l.link().linkType(), l.link());
                        case RecordReader.Bad b -> {
                            bad++;
                            if (firstBad.size() < BAD_LINES_KEPT) firstBad.add(b.bad());
                        }
                    }
                    records++;
                    if (pageBatch.size() + linkBatch.size() >= BATCH) {
                        written[0] |= write(pageBatch, new ArrayList<>(linkBatch.values()));
                        pages += pageBatch.size();
                        links += linkBatch.size();
                        pageBatch.clear();
                        linkBatch.clear();
                        if (progress != null) progress.update(file, reader.bytesRead(), total, records, System.currentTimeMillis() - start);
                    }
                }
                written[0] |= write(pageBatch, new ArrayList<>(linkBatch.values()));
                pages += pageBatch.size();
                links += linkBatch.size();
                if (progress != null) progress.update(file, total, total, records, System.currentTimeMillis() - start);
            }
        }
        return new Summary(pages, links, bad, List.copyOf(firstBad), System.currentTimeMillis() - start);
    }

    /**
     * Refreshes the query planner's statistics of the link tables. After a bulk load PostgreSQL's autovacuum may not
     * have analyzed them yet (bench/tables at 1 M links: the planner expected 1,147 pages on the most linked-to site
     * where there were 76,053, and planned its joins for that), and SQLite never analyzes on its own. SQLite samples
     * (analysis_limit) so that this stays a second or so at 10 M links; PostgreSQL samples anyway.
     * PostgreSQL also vacuums, for its visibility map: until a page of the table is marked all-visible, an index-only
     * scan reads the table row as well (counting the most linked-to site's pages at 1 M links: 75,045 rows read, 27 ms;
     * after VACUUM none, 3.5 ms).
     */
    private void refreshStatistics() {
        if (database.dialect() == dev.rowgate.config.DatabaseUrl.Dialect.POSTGRES) {
            database.maintain("VACUUM (ANALYZE) domains, pages, links");
            return;
        }
        database.inTransaction((Tx tx) -> {
            dev.rowgate.store.Jdbc.query(tx, "PRAGMA analysis_limit = 1000", rs -> null);
            for (String table : List.of("domains", "pages", "links")) dev.rowgate.store.Jdbc.update(tx, "ANALYZE " + table);
            return null;
        });
    }

    /** Writes one batch in one transaction; false when it was empty. */
    private boolean write(List<PageRecord> pages, List<LinkRecord> links) {
        if (pages.isEmpty() && links.isEmpty()) return false;
        Set<String> urls = new LinkedHashSet<>();
        for (PageRecord p : pages) urls.add(p.url());
        for (LinkRecord l : links) {
            urls.add(l.urlFrom());
            urls.add(l.urlTo());
        }
        database.inTransaction((Tx tx) -> {
            Map<String, LinkDataStore.PageIds> ids = store.ensurePages(tx, urls);
            store.updatePages(tx, pages, ids);
            store.upsertLinks(tx, links, ids);
            LinkDataVersion.noteChange(tx, System.currentTimeMillis());
            return null;
        });
        return true;
    }
}
