package dev.rowgate.cleanup;

import dev.rowgate.jobs.JobRunner;
import dev.rowgate.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired codes, tokens and device codes so tables do not grow without bound. Each batch is its own short
 * transaction of at most cleanup.batch_size rows, so a large backlog never holds a long lock that would stall the
 * token endpoint. Rows are kept cleanup.retention past expiry, so that a late replay of a code still finds it and
 * revokes its tokens (RFC 6749 §4.1.2).
 */
public final class CleanupJob implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CleanupJob.class);
    public static final String NAME = "cleanup";
    /** Bounds one run, so that a huge backlog is worked off over several intervals rather than in one long burst. */
    static final int MAX_BATCHES_PER_TABLE_PER_RUN = 200;

    private final Database database;
    private final List<Expiring> tables;
    private final Clock clock;
    private final Duration interval;
    private final Duration retention;
    private final int batchSize;
    private final MeterRegistry metrics;
    private final JobRunner runner;
    private ScheduledExecutorService scheduler;

    /** Without a runner: {@link #runOnce} only (tests, tools). */
    public CleanupJob(Database database, List<Expiring> tables, Clock clock, Duration interval, Duration retention, int batchSize,
            MeterRegistry metrics) {
        this(database, tables, clock, interval, retention, batchSize, metrics, null);
    }

    /** @param runner runs each scheduled pass under the "cleanup" job lock, so one node at a time cleans (issue 6) */
    public CleanupJob(Database database, List<Expiring> tables, Clock clock, Duration interval, Duration retention, int batchSize,
            MeterRegistry metrics, JobRunner runner) {
        this.database = Objects.requireNonNull(database, "database");
        this.tables = List.copyOf(tables);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1");
        this.batchSize = batchSize;
        this.metrics = metrics;
        this.runner = runner;
    }

    public void start() {
        if (runner == null) throw new IllegalStateException("a scheduled cleanup needs a JobRunner");
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rowgate-cleanup").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            if (runner.run(NAME, this::runOnce).isEmpty()) log.debug("cleanup: another node is cleaning; skipped this pass");
        } catch (RuntimeException e) {
            log.warn("cleanup: run failed, will try again in {}: {}", interval, e.getMessage());
        }
    }

    /** One pass over every table; returns the rows deleted per table. */
    public Map<String, Integer> runOnce() {
        long cutoff = clock.millis() - retention.toMillis();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (Expiring table : tables) {
            int total = 0;
            for (int batch = 0; batch < MAX_BATCHES_PER_TABLE_PER_RUN; batch++) {
                int n = database.inTransaction(tx -> table.deleteExpired(tx, cutoff, batchSize));
                total += n;
                if (n < batchSize) break;
            }
            deleted.put(table.expiringName(), total);
            if (total > 0) {
                if (metrics != null) Counter.builder("rowgate.cleanup.deleted").tag("table", table.expiringName()).register(metrics).increment(total);
                log.info("cleanup: deleted {} expired row(s) from {}", total, table.expiringName());
            }
        }
        return deleted;
    }

    /** Stops the schedule; a pass in progress gets a few seconds to finish its batch before the pools close under it. */
    @Override
    public void close() {
        if (scheduler == null) return;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
