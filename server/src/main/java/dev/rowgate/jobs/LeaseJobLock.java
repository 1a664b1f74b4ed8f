package dev.rowgate.jobs;

import dev.rowgate.store.Database;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobLock} as a lease in the job_locks table, for SQLite (no advisory locks). One process is the SQLite
 * deployment, but the CLI ({@code rowgate data load}) and a server can share a file, and a test can run two jobs in
 * one process, so exclusion must hold anyway. The lease is taken with a conditional update inside a write
 * transaction, which on SQLite is {@code BEGIN IMMEDIATE} on the single writer connection: two takers are serialized
 * and exactly one sees its update touch the row. While the job runs, the lease is renewed every third of its
 * length; a holder that dies stops renewing and its lease lapses after {@link #TTL}, so a crash delays the next run by
 * at most that long.
 */
public final class LeaseJobLock implements JobLock {

    private static final Logger log = LoggerFactory.getLogger(LeaseJobLock.class);
    static final Duration TTL = Duration.ofMinutes(2);
    private static final ScheduledExecutorService RENEWALS =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rowgate-job-lease").daemon().factory());

    private final Database database;
    private final Clock clock;
    private final Duration ttl;
    private final String owner = JobLock.ownerName();

    public LeaseJobLock(Database database, Clock clock, Duration ttl) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(3)) < 0) throw new IllegalArgumentException("ttl must be at least 3s");
    }

    @Override
    public <T> Optional<T> runExclusively(String job, Supplier<T> body) {
        if (!acquire(job)) return Optional.empty();
        long every = ttl.toMillis() / 3;
        ScheduledFuture<?> renewal = RENEWALS.scheduleAtFixedRate(() -> renew(job), every, every, TimeUnit.MILLISECONDS);
        try {
            return Optional.of(Objects.requireNonNull(body.get(), "a job's result"));
        } finally {
            renewal.cancel(false);
            release(job);
        }
    }

    boolean acquire(String job) {
        return database.inTransaction((Tx tx) -> {
            long now = clock.millis();
            Jdbc.update(tx, "INSERT INTO job_locks (name) VALUES (?) ON CONFLICT (name) DO NOTHING", job);
            return Jdbc.update(tx, "UPDATE job_locks SET owner = ?, locked_until = ?, last_started_at = ? WHERE name = ? AND (owner IS NULL OR locked_until <= ?)",
                    owner, now + ttl.toMillis(), now, job, now) == 1;
        });
    }

    private void renew(String job) {
        try {
            int n = database.inTransaction((Tx tx) -> Jdbc.update(tx, "UPDATE job_locks SET locked_until = ? WHERE name = ? AND owner = ?",
                    clock.millis() + ttl.toMillis(), job, owner));
            if (n == 0) log.warn("jobs: the lease of {} was lost (expired and taken by another holder) while it ran", job);
        } catch (RuntimeException e) {
            log.warn("jobs: renewing the lease of {} failed: {}", job, e.getMessage());
        }
    }

    void release(String job) {
        try {
            database.inTransaction((Tx tx) -> Jdbc.update(tx, "UPDATE job_locks SET owner = NULL, locked_until = 0, last_finished_at = ? WHERE name = ? AND owner = ?",
                    clock.millis(), job, owner));
        } catch (RuntimeException e) {
            log.warn("jobs: releasing the lease of {} failed ({}); it lapses after {}", job, e.getMessage(), ttl);
        }
    }
}
