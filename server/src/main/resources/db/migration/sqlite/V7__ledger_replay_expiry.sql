-- The answer kept for an Idempotency-Key replay (rows.md: 24 hours) is cleared by the cleanup job once the window
-- and cleanup.retention have passed: the ids of those rows come from this partial index, which holds only the
-- entries that still keep an answer (calls sent with a key), not every charge.
CREATE INDEX ledger_entries_replay ON ledger_entries (created_at) WHERE replay_body IS NOT NULL;
