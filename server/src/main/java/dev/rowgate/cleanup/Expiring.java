package dev.rowgate.cleanup;

import dev.rowgate.store.Tx;

/** A table whose rows expire; the {@link CleanupJob} deletes them in small batches. */
public interface Expiring {
    /** A short name for logs and metrics, e.g. "tokens". */
    String expiringName();

    /** Deletes at most limit rows whose expiry is before cutoff (epoch ms); returns how many it deleted. */
    int deleteExpired(Tx tx, long cutoff, int limit);
}
