package dev.rowgate.store;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * SQLite's one writer, with group commit. SQLite runs one write transaction at a time, so the write transactions of
 * concurrent requests queue anyway; here they queue for one thread that holds the writing connection and runs every
 * transaction that is waiting when it is free as one SQLite transaction: each in a savepoint of its own (a failure
 * rolls back that one alone, exactly as its own transaction would have), one commit for all, and only then does any
 * caller get its result. A code exchange, a refresh or a metered call's charge is a handful of statements; its commit
 * (the WAL frames of every page it touched, and on some commits a checkpoint with fsync, now run by {@link
 * SqliteCheckpointer} instead) was a sixth of the exchange's CPU time, and the hand-over of the connection from one
 * request's thread to the next, with its wake-ups, most of the rest of the wait (bench/README.md, "Group commit").
 * Durability is unchanged: no caller hears of success before the commit that holds its work returned.
 *
 * <p>A failure that is the database's rather than the work's (disk full, I/O error, read-only file, any SQL error but a
 * unique violation) may have ended SQLite's whole transaction, so it fails every transaction of the group, none of
 * which was answered yet: the same answer each would have had alone, a database fault. A caller waits at most its
 * timeout for its transaction to start; one that started is waited for to its end.
 */
final class SqliteWriter implements AutoCloseable {

    /** Enough to spread a commit over every request a 2-core machine has in flight; bounded so a group ends. */
    private static final int MAX_GROUP = 64;

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int ABANDONED = 2;

    private final HikariDataSource pool;
    private final Function<Connection, StatementCache> statementCaches;
    /** Told after each commit: the {@link SqliteCheckpointer}, which copies the log into the database off this thread. */
    private final Runnable afterCommit;
    private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    /** The most transactions one commit held so far (for tests). */
    private volatile int largestGroup;
    /** Transactions per commit, for operators ({@code rowgate_sqlite_writer_group_transactions}); null without metrics. */
    private final DistributionSummary groups;

    SqliteWriter(HikariDataSource pool, Function<Connection, StatementCache> statementCaches, Runnable afterCommit, MeterRegistry metrics) {
        this.pool = pool;
        this.statementCaches = statementCaches;
        this.afterCommit = afterCommit;
        if (metrics != null) {
            Gauge.builder("rowgate.sqlite.writer.waiting", queue, java.util.Collection::size)
                    .description("write transactions waiting for SQLite's writer").baseUnit("transactions").register(metrics);
            groups = DistributionSummary.builder("rowgate.sqlite.writer.group").description("write transactions per SQLite commit")
                    .baseUnit("transactions").register(metrics);
        } else {
            groups = null;
        }
        this.thread = Thread.ofPlatform().name("rowgate-sqlite-writer").daemon(true).start(this::loop);
    }

    /** True on the writer's own thread: a transaction that opens another would wait for itself. */
    boolean isWriterThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs fn in a write transaction and returns its result once that transaction committed; rethrows what fn threw
     * (its work rolled back), or a {@link StoreException} when the database failed or the writer stayed busy for
     * timeoutMillis.
     */
    <T> T run(Database.TxFunction<T> fn, long timeoutMillis) {
        Task<T> task = new Task<>(fn);
        if (closed) throw new StoreException("database: closed", null);
        queue.add(task);
        return task.await(timeoutMillis, pool.getPoolName());
    }

    private void loop() {
        List<Task<?>> group = new ArrayList<>(MAX_GROUP);
        while (!closed) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            try {
                runGroup(group);
            } catch (Throwable t) {
                // runGroup completes every task itself; this only keeps the writer alive past a bug.
                for (Task<?> task : group) task.fail(t);
            }
            group.clear();
        }
        Task<?> left;
        while ((left = queue.poll()) != null) left.fail(new StoreException("database: closed", null));
    }

    private void runGroup(List<Task<?>> group) {
        List<Task<?>> started = new ArrayList<>(group.size());
        for (Task<?> task : group) if (task.start()) started.add(task);
        if (started.isEmpty()) return;
        if (started.size() > largestGroup) largestGroup = started.size();
        if (groups != null) groups.record(started.size());
        try (Connection c = pool.getConnection()) {
            Tx tx = new Tx(c, statementCaches.apply(c));
            c.setAutoCommit(false);
            try {
                if (started.size() == 1) {
                    // Alone: no savepoint needed, its failure is the transaction's.
                    Task<?> only = started.getFirst();
                    only.apply(tx);
                    if (only.error != null) {
                        c.rollback();
                    } else {
                        c.commit();
                        afterCommit.run();
                    }
                } else {
                    for (Task<?> task : started) {
                        Jdbc.update(tx, "SAVEPOINT rowgate_write");
                        task.apply(tx);
                        if (task.error != null) {
                            if (endsTheTransaction(task.error)) throw task.error;
                            Jdbc.update(tx, "ROLLBACK TO rowgate_write");
                        }
                        Jdbc.update(tx, "RELEASE rowgate_write");
                    }
                    c.commit();
                    afterCommit.run();
                }
            } catch (Throwable t) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    t.addSuppressed(rollbackFailure);
                }
                // Nothing of the group committed: the work that had succeeded fails with the database's error.
                for (Task<?> task : started) if (task.error == null || task.error == t) task.error = t;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException e) {
                    // HikariCP resets it on return anyway.
                }
            }
        } catch (SQLException | RuntimeException e) {
            StoreException failure = e instanceof StoreException s ? s : new StoreException("database: " + e.getMessage(), e);
            for (Task<?> task : started) if (task.error == null) task.error = failure;
        }
        for (Task<?> task : started) task.finish();
    }

    /** Transactions waiting for the writer. */
    int waiting() {
        return queue.size();
    }

    int largestGroup() {
        return largestGroup;
    }

    /** A failure of the database, not of the work: SQLite may have rolled the whole transaction back. */
    private static boolean endsTheTransaction(Throwable t) {
        if (t instanceof DuplicateKeyException) return false;
        return t instanceof StoreException || t instanceof Error || DatabaseFault.of(t) != null;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One caller's transaction: its work, its state, and its outcome once the group's commit returned. */
    private static final class Task<T> {
        private final Database.TxFunction<T> fn;
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final CountDownLatch done = new CountDownLatch(1);
        private T result;
        private Throwable error;

        Task(Database.TxFunction<T> fn) {
            this.fn = fn;
        }

        /** The writer takes it, unless its caller gave up waiting. */
        boolean start() {
            return state.compareAndSet(QUEUED, RUNNING);
        }

        void apply(Tx tx) {
            try {
                result = fn.apply(tx);
            } catch (SQLException e) {
                error = new StoreException("database: " + e.getMessage(), e);
            } catch (Throwable t) {
                error = t;
            }
        }

        void fail(Throwable t) {
            if (error == null) error = t;
            finish();
        }

        void finish() {
            done.countDown(); // publishes result and error to the caller
        }

        T await(long timeoutMillis, String poolName) {
            boolean interrupted = false;
            try {
                if (!done.await(timeoutMillis, TimeUnit.MILLISECONDS) && state.compareAndSet(QUEUED, ABANDONED)) {
                    throw Database.busy(poolName, timeoutMillis);
                }
            } catch (InterruptedException e) {
                interrupted = true;
                if (state.compareAndSet(QUEUED, ABANDONED)) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("database: interrupted while waiting for the writer", e);
                }
            }
            // It started: it commits or fails whatever this thread does, so its outcome is the answer.
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            if (error instanceof RuntimeException r) throw r;
            if (error instanceof Error e) throw e;
            if (error != null) throw new StoreException("database: " + error.getMessage(), error);
            return result;
        }
    }
}
