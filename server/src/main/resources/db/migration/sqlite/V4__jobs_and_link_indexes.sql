-- Background jobs (cleanup, score recomputation) run on one node at a time (issue 6). On PostgreSQL a session
-- advisory lock decides (jobs/PostgresJobLock) and this table only records runs; on SQLite, where there are no
-- advisory locks, the row is the lock: a lease taken and renewed in BEGIN IMMEDIATE transactions
-- (jobs/LeaseJobLock), which a crashed holder loses when locked_until passes.
CREATE TABLE job_locks (
    name             TEXT   PRIMARY KEY,
    owner            TEXT,
    locked_until     BIGINT NOT NULL DEFAULT 0,
    last_started_at  BIGINT,
    last_finished_at BIGINT
);
