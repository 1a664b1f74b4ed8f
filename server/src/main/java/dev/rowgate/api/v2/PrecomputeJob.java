package dev.rowgate.api.v2;

import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.jobs.JobRunner;
import dev.rowgate.linkdata.LinkDataVersion;
import dev.rowgate.store.Database;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link PrecomputedAnswers} after a load: once the scores of the link data's version are computed (the
 * answers show domain_rating and ahrefs_rank), for every domain with at least {@code minLinks} links in (or, for the
 * tables of a target's outgoing links, out), it runs each kept table's live query once and stores its rows. It runs
 * on the scores job's thread after each of its checks, and under its own job lock, so one node at a time does it.
 *
 * <p>An answer is written in short transactions (its rows in batches, so that on SQLite the writer is never held for
 * long) under a header that is not usable yet; the last transaction makes it usable with the change count read before
 * the answer's query, and drops the answer it replaces. Should a load write meanwhile, the count has moved and the
 * answer is never used; the load's version bump makes the next check compute it again.
 */
public final class PrecomputeJob {

    public static final String NAME = "v2-answers";
    private static final Logger log = LoggerFactory.getLogger(PrecomputeJob.class);

    /** At most this many domains for the tables of links in, and as many for the tables of links out. */
    static final int MAX_TARGETS = 100;
    /**
     * An answer keeps at most this many rows: those of a longer one are its first in the table's default order, which
     * answer the requests in that order whose page they hold whole (the first pages, the latest days); the rest run live.
     */
    static final int MAX_ROWS = 250_000;
    private static final int WRITE_BATCH = 1_000;

    /** What one call did. */
    public sealed interface Outcome {
        /** Answers were made for this version of the link data. */
        record Computed(long version, int targets, int answers, long rows, long millis) implements Outcome {}

        /** The answers are those of the data's version already, or its scores are not computed yet. */
        record UpToDate(long version) implements Outcome {}

        /** Turned off ({@code v2.precompute_links = 0}). */
        record Off() implements Outcome {}

        /** Another process is computing them now. */
        record Busy() implements Outcome {}
    }

    private final Database database;
    private final JobRunner runner;
    private final Clock clock;
    private final long minLinks;
    private final int maxRows;
    private final Timer timer;

    /**
     * @param minLinks the links in (or out) from which a domain's answers are kept; 0 keeps none
     * @param metrics null for none
     */
    public PrecomputeJob(Database database, JobRunner runner, Clock clock, long minLinks, MeterRegistry metrics) {
        this(database, runner, clock, minLinks, MAX_ROWS, metrics);
    }

    /** @param maxRows the rows an answer keeps at most (tests make answers that are cut short with a small one) */
    PrecomputeJob(Database database, JobRunner runner, Clock clock, long minLinks, int maxRows, MeterRegistry metrics) {
        this.maxRows = maxRows;
        this.database = Objects.requireNonNull(database, "database");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minLinks = minLinks;
        this.timer = metrics == null ? null
                : Timer.builder("rowgate.v2.precompute").description("Precomputations of the v2 answers of the most linked targets").register(metrics);
    }

    /** Makes the answers when the link data changed since they were made and its scores are computed. */
    public Outcome runIfStale() {
        return run(false);
    }

    /**
     * Makes the answers whatever the versions say, once the scores are those of the data ({@code rowgate data scores}
     * rewrites scores without a new version, which leaves the answers unusable until they are made again).
     */
    public Outcome runNow() {
        return run(true);
    }

    private Outcome run(boolean force) {
        if (minLinks <= 0) {
            // Off means none served: answers made before it was turned off are dropped (under the lock, as a run).
            if (database.read((Tx tx) -> Jdbc.count(tx, "SELECT COUNT(*) FROM v2_answers")) > 0) runner.run(NAME, () -> dropAllBut(Long.MIN_VALUE));
            return new Outcome.Off();
        }
        long version = database.read(LinkDataVersion::current);
        if (!due(version, force)) return new Outcome.UpToDate(version);
        return runner.run(NAME, () -> {
            long current = database.read(LinkDataVersion::current);
            if (!due(current, force)) return (Outcome) new Outcome.UpToDate(current);
            Outcome done = computeAll(current);
            database.inTransaction((Tx tx) -> {
                LinkDataVersion.markAnswered(tx, current, clock.millis());
                return null;
            });
            return done;
        }).orElseGet(Outcome.Busy::new);
    }

    private boolean due(long version, boolean force) {
        return database.read((Tx tx) -> LinkDataVersion.scored(tx) == version && (force || LinkDataVersion.answered(tx) != version));
    }

    private Outcome computeAll(long version) {
        long start = System.currentTimeMillis();
        long changes = database.read(LinkDataVersion::changes);
        dropAllBut(changes);
        List<String> into = heaviest("SELECT to_domain_id AS d_id, COUNT(*) AS n FROM links GROUP BY to_domain_id");
        List<String> outOf = heaviest("SELECT p.domain_id AS d_id, COUNT(*) AS n FROM links l JOIN pages p ON p.id = l.from_page_id GROUP BY p.domain_id");
        int answers = 0;
        long rows = 0;
        java.util.Set<String> targets = new java.util.TreeSet<>();
        Map<String, Boolean> subdomains = new java.util.HashMap<>();
        for (String table : tables()) {
            boolean outgoing = TableQuery.SERVED.containsKey(table) && TableQuery.SERVED.get(table).targetAlias().equals("fp");
            for (String domain : outgoing ? outOf : into) {
                rows += compute(table, domain, subdomains.computeIfAbsent(domain, this::hasSubdomains), changes);
                answers++;
                targets.add(domain);
            }
        }
        long millis = System.currentTimeMillis() - start;
        if (timer != null) timer.record(millis, TimeUnit.MILLISECONDS);
        log.atInfo().addKeyValue("version", version).addKeyValue("answers", answers).addKeyValue("rows", rows).addKeyValue("ms", millis)
                .log("v2 answers: {} answers ({} rows) for {} domains with at least {} links, for link data version {}, in {} ms", answers, rows,
                        targets.size(), minLinks, version, millis);
        return new Outcome.Computed(version, targets.size(), answers, rows, millis);
    }

    private static List<String> tables() {
        List<String> tables = new ArrayList<>(new java.util.TreeSet<>(PrecomputedAnswers.TABLES));
        tables.addAll(new java.util.TreeSet<>(PrecomputedAnswers.ONE_OBJECT));
        return tables;
    }

    /** The domains with at least minLinks links counted by the query (domain id, count), most first. */
    private List<String> heaviest(String counts) {
        return database.read((Tx tx) -> Jdbc.query(tx, "SELECT d.name FROM (" + counts + ") c JOIN domains d ON d.id = c.d_id"
                + " WHERE c.n >= ? ORDER BY c.n DESC, d.name LIMIT ?", rs -> rs.getString(1), minLinks, MAX_TARGETS));
    }

    /** True when some domain is named *.domain: then mode=subdomains has more pages than mode=domain. */
    private boolean hasSubdomains(String domain) {
        return database.read((Tx tx) -> Jdbc.count(tx, "SELECT COUNT(*) FROM domains WHERE name LIKE ? ESCAPE '\\'", "%." + Target.like(domain))) > 0;
    }

    /** Drops the answers not made at this change count (older link data, unfinished), one answer per transaction. */
    private boolean dropAllBut(long changes) {
        List<Long> stale = database.read((Tx tx) -> Jdbc.query(tx, "SELECT id FROM v2_answers WHERE data_changes <> ?", rs -> rs.getLong(1), changes));
        for (long id : stale) dropAlone(id);
        return true;
    }

    /** Drops one answer in a transaction of its own (its rows are many: the writer is held for one answer at most). */
    private void dropAlone(long id) {
        database.inTransaction((Tx tx) -> {
            drop(tx, id);
            return null;
        });
    }

    private static void drop(Tx tx, long id) {
        Jdbc.update(tx, "DELETE FROM v2_answer_rows WHERE answer_id = ?", id);
        Jdbc.update(tx, "DELETE FROM v2_answers WHERE id = ?", id);
    }

    /** Stops reading an answer once it has as many rows as it keeps. */
    private static final class EnoughRows extends RuntimeException {
        EnoughRows() {
            super(null, null, false, false);
        }
    }

    /** Stores one table's answer for one domain (its first maxRows rows when it has more); the rows stored. */
    private long compute(String table, String domain, boolean hasSubdomains, long changes) {
        long start = System.currentTimeMillis();
        V2Tables.Table catalogue = V2Tables.table(table).orElseThrow();
        boolean postgres = database.dialect() == DatabaseUrl.Dialect.POSTGRES;
        long id = database.inTransaction((Tx tx) -> Jdbc.insert(tx, "INSERT INTO v2_answers (table_name, mode, domain, also_subdomains,"
                + " data_changes, row_count, computed_at, millis) VALUES (?, ?, ?, ?, -1, 0, ?, 0)", table, PrecomputedAnswers.MODE, domain,
                !hasSubdomains, clock.millis()));
        long[] count = {0};
        boolean complete;
        Map<String, ?> stats;
        try {
            if (PrecomputedAnswers.ONE_OBJECT.contains(table)) {
                complete = true;
                stats = database.read((Tx tx) -> MetricsQuery.compute(tx, domain, PrecomputedAnswers.MODE, table.equals("metrics_extended")));
            } else {
                TableQuery query = TableQuery.SERVED.get(table);
                Target target = Target.of(domain, PrecomputedAnswers.MODE, query.targetAlias());
                complete = writeRows(id, catalogue, query, target, postgres, count);
                stats = query.stats().isEmpty() ? null : database.read((Tx tx) -> TableStats.compute(tx, query, target, List.of(), postgres));
            }
        } catch (RuntimeException e) {
            dropAlone(id);
            throw e;
        }
        if (!complete) log.info("v2 answers: {} of {} has more than {} rows; its first {} kept", table, domain, maxRows, maxRows);
        String statsJson = stats == null ? null : PrecomputedAnswers.statsJson(stats);
        database.inTransaction((Tx tx) -> {
            List<Long> replaced = Jdbc.query(tx, "SELECT id FROM v2_answers WHERE domain = ? AND table_name = ? AND mode = ? AND id <> ?",
                    rs -> rs.getLong(1), domain, table, PrecomputedAnswers.MODE, id);
            for (long old : replaced) drop(tx, old);
            Jdbc.update(tx, "UPDATE v2_answers SET data_changes = ?, row_count = ?, complete = ?, stats = ?, millis = ? WHERE id = ?", changes,
                    count[0], complete, statsJson, System.currentTimeMillis() - start, id);
            return null;
        });
        return count[0];
    }

    /**
     * Runs the table's live query for the target and writes its rows in batches while it reads them (through a
     * cursor: the whole answer is never in memory), at most maxRows of them; false when there were more.
     */
    private boolean writeRows(long id, V2Tables.Table catalogue, TableQuery query, Target target, boolean postgres, long[] count) {
        AnswerLayout layout = PrecomputedAnswers.LAYOUTS.get(catalogue.name());
        List<String> slots = layout.slots();
        String insert = "INSERT INTO v2_answer_rows (answer_id, row_no, " + String.join(", ", slots) + ") VALUES (?, ?"
                + ", ?".repeat(slots.size()) + ")";
        SqlBuilder.Sql sql = SqlBuilder.wholeAnswer(query, catalogue, target, postgres);
        List<Object[]> batch = new ArrayList<>();
        boolean complete = true;
        try {
            database.read((Tx tx) -> {
                Jdbc.forEachRow(tx, sql.text(), rs -> {
                    if (count[0] == maxRows) throw new EnoughRows();
                    Object[] row = new Object[slots.size() + 2];
                    row[0] = id;
                    row[1] = count[0]++;
                    for (int i = 0; i < slots.size(); i++) row[i + 2] = value(rs, i + 1, slots.get(i));
                    batch.add(row);
                    if (batch.size() == WRITE_BATCH) flush(insert, batch);
                    return null;
                }, sql.args().toArray());
                return null;
            });
        } catch (EnoughRows e) {
            complete = false;
        }
        flush(insert, batch);
        return complete;
    }


    private void flush(String insert, List<Object[]> batch) {
        if (batch.isEmpty()) return;
        List<Object[]> rows = List.copyOf(batch);
        batch.clear();
        database.inTransaction((Tx tx) -> {
            Jdbc.batch(tx, insert, rows);
            return null;
        });
    }

    /** A value read as its slot's kind, so that both databases store the same thing (PostgreSQL's SUM is numeric). */
    private static Object value(java.sql.ResultSet rs, int column, String slot) throws java.sql.SQLException {
        Object v;
        if (slot.startsWith("txt")) v = rs.getString(column);
        else if (slot.startsWith("num")) v = rs.getLong(column);
        else if (slot.startsWith("real")) v = rs.getDouble(column);
        else v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }
}
