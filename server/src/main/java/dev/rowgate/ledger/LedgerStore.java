package dev.rowgate.ledger;

import dev.rowgate.cleanup.Expiring;
import dev.rowgate.store.Tx;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's tables: append-only entries, and usage counters that cache their sums per period. Only {@link Ledger}
 * writes them. The conditional increments are what make check-and-charge atomic: each touches its row only when
 * the new total fits, so under any concurrency, on any number of nodes, a counter never passes its limit.
 *
 * <p>What expires ({@link Expiring}) is not an entry but the answer an entry keeps for an Idempotency-Key replay: the
 * cleanup job clears it when the entry is older than the 24-hour replay window plus the cleanup cutoff's retention
 * ({@code deleteExpired} returns how many answers it cleared; the entries and their rows stay).
 */
public interface LedgerStore extends Expiring {

    /** A previous entry with this idempotency key, made at or after {@code since}. */
    record Previous(long rows, byte[] replayBody) {}

    Optional<Previous> findByIdempotencyKey(Tx tx, long accountId, String idempotencyKey, long since);

    /** Releases a key used before {@code before}: past its 24 hours the same key is a new request (rows.md). */
    void releaseIdempotencyKey(Tx tx, long accountId, String idempotencyKey, long before);

    /**
     * Creates the period's counters of the allowance and (when not null) the grant at 0 if they do not exist yet, without
     * locking existing ones: done before the increments, so that these hold their row locks only until the commit.
     */
    void openCounters(Tx tx, long accountId, Allowance allowance, Long grantId, long periodStart);

    /**
     * Adds rows to the allowance counter of a period (opened by {@link #openCounters}) if the total stays within limit, and returns the new total;
     * {@link #REFUSED} (and no change) if it would not fit.
     */
    long addAllowanceUsage(Tx tx, long accountId, Allowance allowance, long periodStart, long rows, long limit);

    /** Adds rows to a grant's (opened) counter of a period, within cap when cap is not null: the new total, or {@link #REFUSED}. */
    long addGrantUsage(Tx tx, long grantId, long periodStart, long rows, Long cap);

    /** What the conditional increments return when the rows do not fit (a counter is never negative). */
    long REFUSED = -1;

    long allowanceUsed(Tx tx, long accountId, Allowance allowance, long periodStart);

    long grantUsed(Tx tx, long grantId, long periodStart);

    /** Appends an entry; throws DuplicateKeyException when the idempotency key was used by a concurrent charge. */
    long insertEntry(Tx tx, ChargeRequest charge, long periodStart, long now);

    /** Rows charged on one UTC day (day = epoch day) through one grant, or through all of an app's grants (grantId 0). */
    record DailyRows(long grantId, long day, long rows) {}

    /** Rows per grant and UTC day charged to the account through apps since {@code since} (epoch ms). */
    List<DailyRows> dailyRowsOfGrants(Tx tx, long accountId, long since);

    /** Rows per UTC day charged through every grant of one app since {@code since}, all users together. */
    List<DailyRows> dailyRowsOfApp(Tx tx, long appId, long since);

    /** When each of the account's grants last spent rows (grant id to epoch ms). */
    java.util.Map<Long, Long> lastChargeOfGrants(Tx tx, long accountId);

    /** Counters that differ from the sum of their entries (the invariant {@link Ledger#verify} checks). */
    record Mismatch(String counter, String key, long periodStart, long counterValue, long entriesSum) {}

    List<Mismatch> mismatches(Tx tx);

    long entryCount(Tx tx);

    long entryRowsSum(Tx tx);
}
