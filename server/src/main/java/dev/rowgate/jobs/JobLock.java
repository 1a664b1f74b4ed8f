package dev.rowgate.jobs;

import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.store.Database;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lets one holder at a time, across every process on one database, run a named background job (issue 6: "background
 * jobs (cleanup, score recomputation) run on one node at a time"). Never waits: a job whose lock is held elsewhere is
 * skipped, and the holder's run covers the work.
 */
public interface JobLock {

    /**
     * Runs body while holding the job's lock, when nobody else holds it; returns its result, or empty without running
     * it when another holder has the lock. Exceptions of body are rethrown after the lock is released. body must not
     * return null (an empty answer means "not run").
     */
    <T> Optional<T> runExclusively(String job, Supplier<T> body);

    /** A PostgreSQL advisory lock, or on SQLite a lease row; see the two implementations for why. */
    static JobLock forDatabase(Database database, Clock clock) {
        return database.dialect() == DatabaseUrl.Dialect.POSTGRES ? new PostgresJobLock(database.url(), clock)
                : new LeaseJobLock(database, clock, LeaseJobLock.TTL);
    }

    /** Who holds a lock, for the job_locks table and the logs: host, process id and a per-lock-instance id. */
    static String ownerName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
