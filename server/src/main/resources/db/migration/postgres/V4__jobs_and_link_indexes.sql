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

-- The v2 tables join every link into the target to its linking page for that page's domain and IP (refdomains,
-- anchors, refips, the stats and metrics counts). A narrow index with exactly those columns answers the join from
-- the index alone, without reading the page rows with their titles and URLs (bench/TABLES.md: at 1 M links the stats
-- of the most linked-to site went from 0.53 s to 0.23 s of CPU on SQLite).
CREATE INDEX pages_link_join ON pages (id, domain_id, ip);
