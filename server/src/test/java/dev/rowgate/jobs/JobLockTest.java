package dev.rowgate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Database;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.MutableClock;
import dev.rowgate.testing.NodeProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * issue 6: a background job runs on one node at a time. Each "node" here is a JobLock over a database connection pool
 * of its own (as two rowgate serve processes on one database have), on PostgreSQL (advisory locks) and SQLite (lease).
 */
class JobLockTest extends BothDatabases {

    private final List<Database> opened = new ArrayList<>();

    /** Another process's view of the same database: its own pools. */
    private Database otherNode() {
        Database db = Database.open(testDb.url(), 2, null);
        opened.add(db);
        return db;
    }

    @AfterEach
    void closeNodes() {
        opened.forEach(Database::close);
    }

    private static String job() {
        return "test-job-" + dev.rowgate.testing.Fixtures.next();
    }

    @Test
    void whileOneNodeRunsAJobAnotherSkipsItThenRunsItAfterRelease() throws Exception {
        JobLock a = JobLock.forDatabase(db(), Clock.systemUTC());
        JobLock b = JobLock.forDatabase(otherNode(), Clock.systemUTC());
        String job = job();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Optional<String>> first = CompletableFuture.supplyAsync(() -> a.runExclusively(job, () -> {
            holding.countDown();
            await(release);
            return "a ran";
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(b.runExclusively(job, () -> "b ran")).isEmpty();
        assertThat(b.runExclusively(job() + "-other", () -> "another job")).contains("another job"); // locks are per job
        assertThat(a.runExclusively(job, () -> "a again")).isEmpty(); // not re-entrant either: one run at a time

        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).contains("a ran");
        assertThat(b.runExclusively(job, () -> "b ran")).contains("b ran");
    }

    @Test
    void aFailingRunReleasesTheLock() {
        JobLock a = JobLock.forDatabase(db(), Clock.systemUTC());
        JobLock b = JobLock.forDatabase(otherNode(), Clock.systemUTC());
        String job = job();
        try {
            a.runExclusively(job, () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("boom");
        }
        assertThat(b.runExclusively(job, () -> 1)).contains(1);
    }

    @Test
    void nodesRacingForOneJobNeverRunItConcurrently() throws Exception {
        String job = job();
        List<JobLock> nodes = List.of(JobLock.forDatabase(db(), Clock.systemUTC()), JobLock.forDatabase(otherNode(), Clock.systemUTC()),
                JobLock.forDatabase(otherNode(), Clock.systemUTC()));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (JobLock node : nodes) {
            for (int t = 0; t < 2; t++) {
                threads.add(CompletableFuture.runAsync(() -> {
                    await(start);
                    for (int i = 0; i < 15; i++) {
                        node.runExclusively(job, () -> {
                            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                            runs.incrementAndGet();
                            // Some work on the database while holding the lock, so that runs overlap if the lock fails.
                            db().read((Tx tx) -> Jdbc.count(tx, "SELECT count(*) FROM job_locks"));
                            running.decrementAndGet();
                            return Boolean.TRUE;
                        });
                    }
                }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
            }
        }
        start.countDown();
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(runs.get()).isPositive();
    }

    @Test
    void theRunIsRecordedInJobLocks() {
        String job = job();
        JobLock.forDatabase(db(), Clock.systemUTC()).runExclusively(job, () -> 1);
        var row = db().read((Tx tx) -> Jdbc.one(tx, "SELECT owner, last_started_at, last_finished_at FROM job_locks WHERE name = ?",
                rs -> new Object[] {rs.getString(1), rs.getObject(2), rs.getObject(3)}, job)).orElseThrow();
        assertThat(row[0]).isNull();
        assertThat(row[1]).isNotNull();
        assertThat(row[2]).isNotNull();
    }

    @Test
    void aLeaseWhoseHolderDiedLapsesAfterItsTtl() {
        // SQLite's lock; the lease is plain SQL, so it is checked on both databases.
        MutableClock clock = new MutableClock(1_000_000L);
        LeaseJobLock crashed = new LeaseJobLock(db(), clock, Duration.ofMinutes(2));
        LeaseJobLock survivor = new LeaseJobLock(otherNode(), clock, Duration.ofMinutes(2));
        String job = job();
        assertThat(crashed.acquire(job)).isTrue(); // and never released: the process died

        assertThat(survivor.runExclusively(job, () -> 1)).isEmpty();
        clock.advance(Duration.ofMinutes(2).minusMillis(1));
        assertThat(survivor.runExclusively(job, () -> 1)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(survivor.runExclusively(job, () -> 1)).contains(1);
    }

    @Test
    void onPostgresALockHeldByADeadSessionIsReleasedAtOnce() throws Exception {
        Assumptions.assumeTrue(dialect == Dialect.POSTGRES, "advisory locks are PostgreSQL's");
        JobLock a = JobLock.forDatabase(db(), Clock.systemUTC());
        JobLock b = JobLock.forDatabase(otherNode(), Clock.systemUTC());
        String job = job();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<?> holder = CompletableFuture.runAsync(() -> {
            try {
                a.runExclusively(job, () -> {
                    holding.countDown();
                    await(release);
                    return Boolean.TRUE;
                });
            } catch (RuntimeException e) {
                // its session was killed under it: expected
            }
        });
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(b.runExclusively(job, () -> 1)).isEmpty();

        // The node "crashes": its lock session ends (as when the process is killed or the network drops).
        var url = testDb.url();
        var props = new java.util.Properties();
        props.setProperty("user", url.user());
        String held = "FROM pg_locks WHERE locktype = 'advisory' AND classid = " + Integer.toUnsignedLong(PostgresJobLock.KEY_SPACE)
                + " AND objid = " + Integer.toUnsignedLong(PostgresJobLock.key(job));
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), props); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) " + held);
            // pg_terminate_backend only signals the backend: its locks go when it has exited, moments later.
            NodeProcess.waitUntil(Duration.ofSeconds(5), () -> {
                try (var rs = st.executeQuery("SELECT count(*) " + held)) {
                    return rs.next() && rs.getInt(1) == 0;
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "the terminated backend's advisory lock to go");
        }
        assertThat(b.runExclusively(job, () -> 1)).contains(1);
        release.countDown();
        holder.get(30, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("latch not released within 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
