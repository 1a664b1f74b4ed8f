package dev.rowgate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.config.DatabaseUrl.Dialect;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * The data source, the dialect and the migrations, configured once (the HikariCP lesson: validate at construction,
 * never re-check on the hot path).
 *
 * <p>SQLite allows one writer at a time. Instead of letting writers collide and spin on SQLITE_BUSY, write
 * transactions go through a pool of exactly one connection that opens its transactions with {@code BEGIN
 * IMMEDIATE}, so they queue in HikariCP and never deadlock on a lock upgrade; reads use a separate pool of
 * connections that WAL mode lets run beside the writer. On PostgreSQL both roles share one sized pool. With virtual
 * threads the pool size is the database concurrency limit, so it belongs here beside the dialect.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    @FunctionalInterface
    public interface TxFunction<T> {
        T apply(Tx tx) throws SQLException;
    }

    private final DatabaseUrl url;
    private final HikariDataSource writer;
    private final HikariDataSource reader;
    private final FaultLog writeFaults = new FaultLog("writes");
    private final FaultLog readFaults = new FaultLog("reads");

    /** SQLite only: the statement cache of each physical connection (identity keys: connections don't override equals). */
    private final Map<Connection, StatementCache> statementCaches = new ConcurrentHashMap<>();

    /**
     * One permit per connection of each pool, taken in arrival order before asking the pool. HikariCP hands a returned
     * connection to whichever thread asks first, so under a queue (64 clients, 4 SQLite readers) a newcomer can take it
     * from a thread that has waited for several hand-offs already: a long p99 tail for some requests. Waiting here
     * instead, first come first served, leaves the pool always a free connection to give.
     */
    private final Semaphore writerTurns;
    private final Semaphore readerTurns;

    /** SQLite only: the thread that runs every write transaction, with group commit; null on PostgreSQL. */
    private final SqliteWriter sqliteWriter;
    /** SQLite only: the thread that checkpoints the write-ahead log, with its one connection; null on PostgreSQL. */
    private final SqliteCheckpointer checkpointer;

    private Database(DatabaseUrl url, HikariDataSource writer, HikariDataSource reader, HikariDataSource checkpointPool, MeterRegistry metrics) {
        this.url = url;
        this.writer = writer;
        this.reader = reader;
        this.writerTurns = new Semaphore(writer.getMaximumPoolSize(), true);
        this.readerTurns = reader == writer ? writerTurns : new Semaphore(reader.getMaximumPoolSize(), true);
        this.checkpointer = checkpointPool == null ? null : new SqliteCheckpointer(checkpointPool, url.sqliteFile(), metrics);
        this.sqliteWriter = checkpointer == null ? null : new SqliteWriter(writer, this::statementCacheOf, checkpointer::committed, metrics);
    }

    /**
     * Opens the pools and fails fast with a one-line {@link DatabaseUnavailableException} when the database cannot be
     * reached. Does not migrate: call {@link #migrate()}.
     *
     * @param poolSize 0 for the default (PostgreSQL 10, SQLite readers 4)
     */
    public static Database open(DatabaseUrl url, int poolSize, MeterRegistry metrics) {
        try {
            if (url.dialect() == Dialect.SQLITE) {
                Files.createDirectories(url.sqliteFile().toAbsolutePath().getParent());
                HikariDataSource writer = pool(url, "rowgate-write", 1, true, metrics);
                HikariDataSource reader = null;
                try {
                    reader = pool(url, "rowgate-read", poolSize > 0 ? poolSize : 4, false, metrics);
                    return new Database(url, writer, reader, pool(url, "rowgate-checkpoint", 1, false, metrics), metrics);
                } catch (RuntimeException e) {
                    writer.close();
                    if (reader != null) reader.close();
                    throw e;
                }
            }
            HikariDataSource shared = pool(url, "rowgate", poolSize > 0 ? poolSize : 10, true, metrics);
            return new Database(url, shared, shared, null, metrics);
        } catch (HikariPool.PoolInitializationException e) {
            // SQLite says only "unable to open the database file": say why when the file system tells.
            String why = url.dialect() == Dialect.SQLITE ? SqliteFiles.writeProblem(url.sqliteFile()).orElse(rootMessage(e)) : rootMessage(e);
            throw new DatabaseUnavailableException("database: cannot open " + url + ": " + why, e);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("database: cannot create the folder for " + url + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource pool(DatabaseUrl url, String name, int size, boolean writer, MeterRegistry metrics) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setJdbcUrl(url.jdbcUrl());
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(url.dialect() == Dialect.SQLITE ? size : Math.min(2, size));
        c.setConnectionTimeout(5_000);
        c.setValidationTimeout(2_000);
        c.setInitializationFailTimeout(1);
        if (metrics != null) c.setMetricRegistry(metrics);
        if (url.dialect() == Dialect.SQLITE) {
            // WAL lets readers run beside the writer; NORMAL sync in WAL mode keeps every committed transaction
            // across a process crash (kill -9); only an OS crash or power loss can drop the last commits.
            c.addDataSourceProperty("journal_mode", "WAL");
            c.addDataSourceProperty("synchronous", "NORMAL");
            c.addDataSourceProperty("busy_timeout", "10000");
            c.addDataSourceProperty("foreign_keys", "true");
            // No memory map (mmap_size stays 0): a read transaction that begins after any write unmaps SQLite's whole
            // map (it resets a reader's pages when the WAL changed) and faults the pages in again, a TLB shootdown on
            // every core each time. With a ledger write in every metered call that made the call 1.5x slower, while the
            // largest v2 queries at 1 M links gained nothing measurable from it (bench/README.md, "what changed").
            if (writer) {
                c.addDataSourceProperty("transaction_mode", "IMMEDIATE");
                // Checkpoints are SqliteCheckpointer's; the writer's own stays only as a bound on the log.
                c.addDataSourceProperty("wal_autocheckpoint", String.valueOf(SqliteCheckpointer.WRITER_FALLBACK_PAGES));
                // The writer's statement journals (group commit runs each transaction in a savepoint) in memory, not in
                // a temporary file opened, unlinked and closed per statement: +10-20% code exchanges per second. A
                // journal holds only the pages a statement changes that its transaction had changed before. Readers
                // keep temporary files: a large GROUP BY of a v2 query must not grow the heap outside the JVM.
                c.addDataSourceProperty("temp_store", "MEMORY");
            }
        } else {
            if (url.user() != null) c.setUsername(url.user());
            if (url.password() != null) c.setPassword(url.password());
            c.addDataSourceProperty("connectTimeout", "5");
            c.addDataSourceProperty("ApplicationName", "rowgate");
            c.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return new HikariDataSource(c);
    }

    private Flyway flyway() {
        return Flyway.configure()
                .dataSource(writer)
                .locations("classpath:db/migration/" + dialect().name().toLowerCase(Locale.ROOT))
                .loggers("slf4j")
                .load();
    }

    /** The schema version the database is at, e.g. "1". */
    public String schemaVersion() {
        var current = flyway().info().current();
        return current == null ? "0" : current.getVersion().getVersion();
    }

    /** Applies the pending migrations of this dialect (db/migration/sqlite or db/migration/postgres). */
    public void migrate() {
        try {
            var result = flyway().migrate();
            if (result.migrationsExecuted > 0) {
                log.info("database: applied {} migration(s), now at version {}", result.migrationsExecuted, result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new DatabaseUnavailableException("database: migration of " + url + " failed: " + rootMessage(e), e);
        }
    }

    public Dialect dialect() {
        return url.dialect();
    }

    public DatabaseUrl url() {
        return url;
    }

    /** Set while this thread runs a write transaction. */
    private static final ThreadLocal<Boolean> IN_WRITE = new ThreadLocal<>();

    /**
     * Runs fn in one write transaction: commit on return, roll back on any exception (which is rethrown). Not
     * re-entrant: a write transaction opened inside another would wait for SQLite's single writer connection, which
     * the outer one holds, so it fails at once instead; pass the {@link Tx} down.
     */
    public <T> T inTransaction(TxFunction<T> fn) {
        if (IN_WRITE.get() != null || (sqliteWriter != null && sqliteWriter.isWriterThread())) {
            throw new IllegalStateException("inTransaction called inside a write transaction: pass the Tx instead");
        }
        IN_WRITE.set(Boolean.TRUE);
        try {
            return run(writer, writerTurns, fn, true);
        } finally {
            IN_WRITE.remove();
        }
    }

    /**
     * Runs one maintenance statement outside any transaction on a writing connection: PostgreSQL's VACUUM cannot run
     * inside one. For PostgreSQL only (SQLite's writer is run by its own thread).
     */
    public void maintain(String sql) {
        if (dialect() != Dialect.POSTGRES) throw new IllegalStateException("maintain is for PostgreSQL");
        try (Connection c = writer.getConnection(); java.sql.Statement s = c.createStatement()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                s.execute(sql);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("database: " + e.getMessage(), e);
        }
    }

    /** Runs fn on a reading connection; on SQLite it does not wait for the writer. */
    public <T> T read(TxFunction<T> fn) {
        return run(reader, readerTurns, fn, false);
    }

    /**
     * Runs fn, and turns a failure that is the database's state rather than the work's ({@link DatabaseFault}: away,
     * read-only, full, busy) into a {@link DatabaseUnavailableException} naming it, logged once for the operator.
     * Exceptions of the work itself (an OAuth error thrown inside a transaction) pass unchanged.
     */
    private <T> T run(HikariDataSource source, Semaphore turns, TxFunction<T> fn, boolean transactional) {
        FaultLog faults = transactional ? writeFaults : readFaults;
        if (transactional && dialect() == Dialect.SQLITE && !SqliteFiles.writable(url.sqliteFile())) {
            throw unavailable(faults, DatabaseFault.READ_ONLY, SqliteFiles.writeProblem(url.sqliteFile()).orElse("its files cannot be written")
                    + "; the write transaction was not begun", null);
        }
        T result;
        try {
            if (transactional && sqliteWriter != null) {
                result = sqliteWriter.run(fn, source.getConnectionTimeout());
            } else {
                awaitTurn(source, turns);
                try {
                    result = runOnConnection(source, fn, transactional);
                } finally {
                    turns.release();
                }
            }
        } catch (RuntimeException e) {
            DatabaseFault fault = DatabaseFault.of(e);
            if (fault == null) throw e;
            String detail = rootMessage(e);
            if (dialect() == Dialect.SQLITE && fault != DatabaseFault.DISK_FULL && fault != DatabaseFault.BUSY) {
                // An EROFS or EPERM on write reaches SQLite as a plain I/O error: the files tell which it is.
                var problem = SqliteFiles.writeProblem(url.sqliteFile());
                if (problem.isPresent()) {
                    fault = DatabaseFault.READ_ONLY;
                    detail = problem.get() + "; " + detail;
                }
            }
            throw unavailable(faults, fault, detail, e);
        }
        faults.succeeded();
        return result;
    }

    private DatabaseUnavailableException unavailable(FaultLog faults, DatabaseFault fault, String detail, Throwable cause) {
        String message = "database: " + url + " " + fault.description() + " (" + detail + ")";
        faults.failed(fault, message);
        return new DatabaseUnavailableException(fault, message, cause);
    }

    /** Waits as long as the pool itself would ({@code connectionTimeout}), then fails as it would (a busy database: 503). */
    private static void awaitTurn(HikariDataSource source, Semaphore turns) {
        try {
            if (!turns.tryAcquire(source.getConnectionTimeout(), TimeUnit.MILLISECONDS)) throw busy(source.getPoolName(), source.getConnectionTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("database: interrupted while waiting for a connection", e);
        }
    }

    /**
     * The error of a wait for a connection (or the SQLite writer) that timed out: worded as HikariCP's own, with the
     * cause {@link DatabaseFault} classifies as busy, so it becomes a 503 with Retry-After.
     */
    static StoreException busy(String poolName, long timeoutMillis) {
        String message = poolName + " - connection is not available, request timed out after " + timeoutMillis + "ms";
        return new StoreException("database: " + message, new java.sql.SQLTransientConnectionException(message));
    }

    private <T> T runOnConnection(DataSource source, TxFunction<T> fn, boolean transactional) {
        try (Connection c = source.getConnection()) {
            Tx tx = new Tx(c, statementCache(c));
            if (!transactional) return fn.apply(tx);
            c.setAutoCommit(false);
            try {
                T result = fn.apply(tx);
                c.commit();
                return result;
            } catch (Throwable t) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    t.addSuppressed(rollbackFailure);
                }
                throw t;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException e) {
                    // HikariCP resets it on return anyway; a connection that died right after the commit must not
                    // turn a committed transaction (or the work's own exception) into a database error.
                }
            }
        } catch (SQLException e) {
            throw new StoreException("database: " + e.getMessage(), e);
        }
    }

    /**
     * Fails with a one-line message when this database cannot be written, which serving needs (sign-ins, tokens,
     * charges): a SQLite file or folder that is read-only (permissions, an immutable flag, a read-only mount), or a
     * PostgreSQL server in recovery (a standby) or with default_transaction_read_only.
     */
    public void requireWritable() {
        if (dialect() == Dialect.SQLITE) {
            SqliteFiles.writeProblem(url.sqliteFile()).ifPresent(problem -> {
                throw new DatabaseUnavailableException(DatabaseFault.READ_ONLY, "database: " + url + " is read-only: " + problem, null);
            });
            return;
        }
        boolean readOnly = read(tx -> Jdbc.one(tx, "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'",
                rs -> rs.getBoolean(1)).orElse(false));
        if (readOnly) {
            throw new DatabaseUnavailableException(DatabaseFault.READ_ONLY,
                    "database: " + url + " is read-only (a standby, or default_transaction_read_only is on)", null);
        }
    }

    /** The fault of the last write transaction, or null when it committed: /healthz reports it. */
    public DatabaseFault writeFault() {
        return writeFaults.current();
    }

    /**
     * The statement cache of the physical SQLite connection behind a pooled one; null on PostgreSQL, whose driver
     * keeps server-side prepared statements per connection by itself. A new physical connection (HikariCP replaces
     * each after {@code maxLifetime}) is also the moment to forget the caches of closed ones: sqlite-jdbc has freed
     * their statements when it closed them.
     */
    private StatementCache statementCache(Connection pooled) throws SQLException {
        if (url.dialect() != Dialect.SQLITE) return null;
        Connection physical = pooled.unwrap(SQLiteConnection.class);
        StatementCache cache = statementCaches.get(physical);
        if (cache != null) return cache;
        statementCaches.values().removeIf(StatementCache::closed);
        return statementCaches.computeIfAbsent(physical, StatementCache::new);
    }

    /** As {@link #statementCache}, for the SQLite writer's thread, which takes no checked exceptions. */
    private StatementCache statementCacheOf(Connection pooled) {
        try {
            return statementCache(pooled);
        } catch (SQLException e) {
            throw new StoreException("database: " + e.getMessage(), e);
        }
    }

    /** True when the database answers a trivial query; used by /healthz. */
    public boolean ping() {
        try {
            return read(tx -> Jdbc.count(tx, "SELECT 1") == 1);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** SQLite: write transactions waiting for the writer, and the most one commit held so far; 0 and 0 on PostgreSQL. */
    int[] writeQueue() {
        return sqliteWriter == null ? new int[] {0, 0} : new int[] {sqliteWriter.waiting(), sqliteWriter.largestGroup()};
    }

    /** SQLite: checkpoints of the write-ahead log run so far by its own thread; 0 on PostgreSQL (for tests). */
    long checkpoints() {
        return checkpointer == null ? 0 : checkpointer.checkpoints();
    }

    /** Pool figures for operators: [active, idle, waiting] of the writing pool. */
    public HikariDataSource writerPool() {
        return writer;
    }

    @Override
    public void close() {
        if (dialect() == Dialect.SQLITE && !SqliteFiles.writable(url.sqliteFile())) {
            // The last connection to close checkpoints the WAL and writes the -shm map, which on files that cannot be
            // written is SIGBUS, not an error: leave them to the process's exit. Nothing is lost: the WAL stays, and
            // the next open reads it.
            // Said at WARN after writes failed while serving; a start that stops on a read-only file says it itself.
            var level = writeFaults.current() != null ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.DEBUG;
            log.atLevel(level).log("database: {} cannot be written ({}); its connections are left open until the process exits",
                    url, SqliteFiles.writeProblem(url.sqliteFile()).orElse("not writable"));
            sqliteWriter.close();
            checkpointer.stop();
            return;
        }
        if (sqliteWriter != null) sqliteWriter.close();
        if (checkpointer != null) checkpointer.close();
        writer.close();
        if (reader != writer) reader.close();
        statementCaches.clear(); // closing the connections closed their statements
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.lines().findFirst().orElse(msg).strip();
    }
}
