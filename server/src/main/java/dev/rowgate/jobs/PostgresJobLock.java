package dev.rowgate.jobs;

import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobLock} on PostgreSQL: a session-level {@code pg_try_advisory_lock} held on a connection of its own for the
 * whole run.
 *
 * <ul>
 *   <li>Session, not transaction ({@code pg_try_advisory_xact_lock}): a job is many short transactions on purpose
 *       (cleanup deletes in batches so that no long lock stalls the token endpoint; scores are read once and written
 *       in batches). A transaction lock would cover one batch only, and two nodes would interleave their batches.</li>
 *   <li>Its own connection, outside the pool: a session lock lives as long as its connection, so a lock left on a
 *       pooled connection by a failed unlock would outlive the job and block it on every node until the pool
 *       recycled that connection. Closing a dedicated connection always ends the session, so a crashed node
 *       (kill -9, lost network) releases its locks as soon as PostgreSQL notices the session is gone, with no lease
 *       to wait out. The connection is opened per run: one connect per job interval is cheap, and no idle
 *       connection is kept.</li>
 * </ul>
 * Caveat: if the lock's connection drops in the middle of a run, PostgreSQL releases the lock and another node may
 * start the same job before this run notices; every job is written to be safe to repeat (idempotent deletes, scores
 * recomputed from the data), so the worst case is work done twice. Behind a transaction-pooling proxy (PgBouncer in
 * transaction mode) session locks do not work; point database.url at PostgreSQL or a session-pooling proxy.
 */
public final class PostgresJobLock implements JobLock {

    private static final Logger log = LoggerFactory.getLogger(PostgresJobLock.class);
    /** The first key of pg_try_advisory_lock(int, int): "RowG", so that Rowgate's locks never meet another application's. */
    static final int KEY_SPACE = 0x526F7747;

    private final DatabaseUrl url;
    private final Clock clock;
    private final String owner = JobLock.ownerName();

    public PostgresJobLock(DatabaseUrl url, Clock clock) {
        this.url = Objects.requireNonNull(url, "url");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (url.dialect() != DatabaseUrl.Dialect.POSTGRES) throw new IllegalArgumentException("PostgresJobLock needs a PostgreSQL URL");
    }

    /** The second key: a stable hash of the job's name. */
    static int key(String job) {
        CRC32 crc = new CRC32();
        crc.update(job.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    @Override
    public <T> Optional<T> runExclusively(String job, Supplier<T> body) {
        int key = key(job);
        try (Connection c = connect()) {
            if (!lockFunction(c, "pg_try_advisory_lock", key)) return Optional.empty();
            try {
                record(c, job, "owner = ?, last_started_at = ?", owner, clock.millis());
                return Optional.of(Objects.requireNonNull(body.get(), "a job's result"));
            } finally {
                try {
                    record(c, job, "owner = NULL, last_finished_at = ?", clock.millis());
                    lockFunction(c, "pg_advisory_unlock", key);
                } catch (SQLException e) {
                    // Closing the connection below ends the session, which releases the lock anyway.
                    log.warn("jobs: unlocking {} failed ({}); closing its connection releases it", job, e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new StoreException("jobs: the advisory lock of " + job + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean lockFunction(Connection c, String function, int key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?, ?)")) {
            ps.setInt(1, KEY_SPACE);
            ps.setInt(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Notes the run in job_locks for operators (the advisory lock, not this row, is what excludes). */
    private static void record(Connection c, String job, String set, Object... args) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO job_locks (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
            ins.setString(1, job);
            ins.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE job_locks SET " + set + " WHERE name = ?")) {
            int i = 1;
            for (Object a : args) ps.setObject(i++, a);
            ps.setString(i, job);
            ps.executeUpdate();
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (url.user() != null) props.setProperty("user", url.user());
        if (url.password() != null) props.setProperty("password", url.password());
        props.setProperty("ApplicationName", "rowgate-jobs");
        props.setProperty("connectTimeout", "5");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }
}
