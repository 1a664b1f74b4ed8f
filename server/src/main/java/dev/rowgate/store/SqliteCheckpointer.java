package dev.rowgate.store;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log back into the database file on a thread of its own, so that the one writer never
 * does it between two commits. SQLite's default is an automatic checkpoint by the connection whose commit took the log
 * past 1,000 pages: a copy of every page of the log into the database and two fsyncs, while every write transaction
 * of the server waits for that writer (bench/README.md, "Checkpoints off the writer").
 *
 * <p>Here, a commit of the writer only signals this thread, which runs a {@code PRAGMA wal_checkpoint(PASSIVE)} on its
 * own connection: PASSIVE takes no lock a writer or reader waits for, copies what no reader still needs, and the
 * writer starts the log over at its beginning once all of it was copied. Between two checkpoints it pauses
 * {@link #PAUSE_MILLIS}, so the log stays short under load and each checkpoint's fsyncs are short.
 * Measured against two other rules (bench/README.md, "Checkpoints off the writer"): a checkpoint after every commit
 * cost the metered call up to a fifth of its rate (a charge writes a few pages; each checkpoint costs two fsyncs);
 * one about every 250 or 1,000 pages of log, as SQLite's own, cost the code exchange up to a quarter of its rate
 * and doubled its p99 (likely the writer's appends waiting while a long checkpoint syncs; not profiled). Should this
 * thread fall behind, the writer still checkpoints by itself at {@link #WRITER_FALLBACK_PAGES}: the log stays bounded.
 */
final class SqliteCheckpointer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqliteCheckpointer.class);

    /** The writer's own automatic checkpoint ({@code wal_autocheckpoint}), a bound if this thread falls behind. */
    static final int WRITER_FALLBACK_PAGES = 4_000;

    /** The pause after each checkpoint. */
    static final long PAUSE_MILLIS = 5;

    private final HikariDataSource pool;
    private final Path file;
    private final long pauseNanos = TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS);
    private final AtomicBoolean committed = new AtomicBoolean();
    private final AtomicLong checkpoints = new AtomicLong();
    /** Pages in the log when the last checkpoint began ({@code rowgate_sqlite_wal_pages}). */
    private volatile long logPages;
    private volatile boolean closed;
    private boolean failing;
    private final Thread thread;

    /** Takes the pool (one connection of its own) and closes it in {@link #close}. */
    SqliteCheckpointer(HikariDataSource pool, Path file, MeterRegistry metrics) {
        this.pool = pool;
        this.file = file;
        if (metrics != null) {
            Gauge.builder("rowgate.sqlite.wal.pages", this, c -> c.logPages)
                    .description("pages in SQLite's write-ahead log when its last checkpoint began").baseUnit("pages").register(metrics);
        }
        this.thread = Thread.ofPlatform().name("rowgate-sqlite-checkpoint").daemon(true).start(this::loop);
    }

    /** Called by the writer after each commit: cheap, and never blocks it. */
    void committed() {
        if (!committed.getAndSet(true)) LockSupport.unpark(thread);
    }

    private void loop() {
        while (!closed) {
            if (!committed.getAndSet(false)) {
                LockSupport.park(this);
                continue;
            }
            checkpoint();
            long until = System.nanoTime() + pauseNanos;
            for (long left = pauseNanos; left > 0 && !closed; left = until - System.nanoTime()) LockSupport.parkNanos(this, left);
        }
    }

    private void checkpoint() {
        // A checkpoint writes the -shm map, which on files turned read-only under the server (an immutable flag, a
        // read-only remount) is SIGBUS, not an error: skip it, as write transactions are refused (Database.run). The
        // log keeps what was committed, and the next commit after the files are writable again signals anew. Files
        // turned read-only during a checkpoint (after this check) still crash the process, as they would during the
        // writer's commit: the checkpoint runs moments after the commits, so it widens that window by a few ms.
        if (!SqliteFiles.writable(file)) return;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            // One row: busy (always 0 for PASSIVE), pages in the log, pages of it now in the database file.
            if (rs.next()) logPages = rs.getLong(2);
            checkpoints.incrementAndGet();
            if (failing) log.info("database: checkpoints of the write-ahead log succeed again");
            failing = false;
        } catch (SQLException | RuntimeException e) {
            // A read-only or full disk fails the writes too, which say so; the log keeps what was committed.
            if (!failing) log.warn("database: a checkpoint of the write-ahead log failed ({}); retrying after the next commit", Database.rootMessage(e));
            failing = true;
        }
    }

    /** Checkpoints run so far (for tests). */
    long checkpoints() {
        return checkpoints.get();
    }

    /**
     * Stops the thread and leaves its connection open: on files that cannot be written, closing the last connection
     * would checkpoint and write the -shm map, which is SIGBUS ({@link Database#close}).
     */
    void stop() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread and closes its connection. */
    @Override
    public void close() {
        stop();
        pool.close();
    }
}
