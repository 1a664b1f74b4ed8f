package dev.rowgate.cleanup;

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
    /** Bounds one run, so that a huge backlog is worked off over several intervals rather than in one long burst. */
    static final int MAX_BATCHES_PER_TABLE_PER_RUN = 200;

    private final Database database;
    private final List<Expiring> tables;
    private final Clock clock;
    private final Duration interval;
    private final Duration retention;
    private final int batchSize;
    private final MeterRegistry metrics;
    private ScheduledExecutorService scheduler;

    public CleanupJob(Database database, List<Expiring> tables, Clock clock, Duration interval, Duration retention, int batchSize,
            MeterRegistry metrics) {
        this.database = Objects.requireNonNull(database, "database");
        this.tables = List.copyOf(tables);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1");
        this.batchSize = batchSize;
        this.metrics = metrics;
    }

    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rowgate-cleanup").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            runOnce();
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

    @Override
    public void close() {
        if (scheduler != null) scheduler.shutdownNow();
    }
}
