package dev.rowgate.linkdata;

import dev.rowgate.jobs.JobRunner;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the link-graph scores in step with the link data (api-v2.md: ahrefs_rank and domain_rating are "recomputed in
 * the background after a load"). Every scores.interval the server compares the data's version with the version the
 * scores were computed from ({@link LinkDataVersion}); when a load (from any process) moved it, the scores are
 * recomputed on this job's own thread, never on a request's: reads go to the reading pool, writes in short batches.
 * The version is read before the computation and recorded after it, so a load that lands meanwhile makes the next
 * check run again. The check and the run hold the "scores" job lock, so one node at a time does it and the others
 * find the version already scored.
 */
public final class ScoresJob implements AutoCloseable {

    public static final String NAME = "scores";
    private static final Logger log = LoggerFactory.getLogger(ScoresJob.class);

    /** What one call did. */
    public sealed interface Outcome {
        /** The scores were computed from this version of the data. */
        record Recomputed(long version, Scores.Summary summary) implements Outcome {}

        /** The scores were already those of the data's version. */
        record UpToDate(long version) implements Outcome {}

        /** Another process is recomputing them now. */
        record Busy() implements Outcome {}
    }

    private final Database database;
    private final Scores scores;
    private final JobRunner runner;
    private final Clock clock;
    private final Duration interval;
    private final Timer timer;
    private final Runnable afterEachCheck;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ran = lock.newCondition();
    private long runs;
    private ScheduledExecutorService scheduler;

    /** @param metrics null for none */
    public ScoresJob(Database database, JobRunner runner, Clock clock, Duration interval, MeterRegistry metrics) {
        this(database, runner, clock, interval, metrics, () -> { });
    }

    /**
     * @param afterEachCheck run on this job's thread after every scheduled check, whatever it found: work that needs
     *     the scores of the data as it is (the precomputed v2 answers) and checks for itself whether it is due
     */
    public ScoresJob(Database database, JobRunner runner, Clock clock, Duration interval, MeterRegistry metrics, Runnable afterEachCheck) {
        this.database = Objects.requireNonNull(database, "database");
        this.scores = new Scores(database);
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.timer = metrics == null ? null
                : Timer.builder("rowgate.scores.recompute").description("Score recomputations after link data changed").register(metrics);
        this.afterEachCheck = Objects.requireNonNull(afterEachCheck, "afterEachCheck");
    }

    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rowgate-scores").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            runIfStale();
        } catch (RuntimeException e) {
            log.warn("scores: recomputation failed, will try again in {}: {}", interval, e.getMessage());
            return;
        }
        try {
            afterEachCheck.run();
        } catch (RuntimeException e) {
            log.warn("scores: the work after the check failed, will try again in {}: {}", interval, e.getMessage());
        }
    }

    /** Recomputes the scores when the link data changed since they were computed. */
    public Outcome runIfStale() {
        return run(false);
    }

    /** Recomputes the scores whatever the versions say ({@code rowgate data scores}). */
    public Outcome runNow() {
        return run(true);
    }

    private Outcome run(boolean force) {
        // The common case, nothing loaded since the last run, costs one read and no lock (nor, on PostgreSQL, the
        // lock's connection); the check is repeated under the lock, where it decides.
        if (!force) {
            long version = database.read(LinkDataVersion::current);
            if (version == database.read(LinkDataVersion::scored)) return new Outcome.UpToDate(version);
        }
        Outcome outcome = runner.run(NAME, () -> {
            long version = database.read(LinkDataVersion::current);
            if (!force && version == database.read(LinkDataVersion::scored)) return (Outcome) new Outcome.UpToDate(version);
            Scores.Summary s = scores.recompute();
            database.inTransaction((Tx tx) -> {
                LinkDataVersion.markScored(tx, version, clock.millis());
                return null;
            });
            if (timer != null) timer.record(s.millis(), TimeUnit.MILLISECONDS);
            log.atInfo().addKeyValue("version", version).addKeyValue("pages", s.pages()).addKeyValue("links", s.links())
                    .addKeyValue("domains", s.domains()).addKeyValue("ms", s.millis())
                    .log("scores: recomputed for link data version {}: {} pages, {} links, {} domains in {} ms", version, s.pages(), s.links(),
                            s.domains(), s.millis());
            return new Outcome.Recomputed(version, s);
        }).orElseGet(Outcome.Busy::new);
        if (outcome instanceof Outcome.Recomputed) signalRun();
        return outcome;
    }

    private void signalRun() {
        lock.lock();
        try {
            runs++;
            ran.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many recomputations this job made; with {@link #awaitRunsAfter} lets tests wait without sleeping. */
    public long runs() {
        lock.lock();
        try {
            return runs;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until this job has recomputed more than {@code count} times, or the timeout passes; true if it has. */
    public boolean awaitRunsAfter(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (runs <= count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                ran.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the schedule; a check in progress gets a few seconds to finish before the pools close under it. */
    @Override
    public void close() {
        if (scheduler == null) return;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) log.warn("scores: still recomputing at shutdown; abandoned (the next start recomputes)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
