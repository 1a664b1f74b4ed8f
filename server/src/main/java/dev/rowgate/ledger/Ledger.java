package dev.rowgate.ledger;

import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.AccountStore;
import dev.rowgate.grants.Grant;
import dev.rowgate.grants.GrantStore;
import dev.rowgate.store.Database;
import dev.rowgate.store.DuplicateKeyException;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The one writer of API rows (rows.md). A charge is one transaction: replay check, then a conditional increment of
 * the allowance counter, then of the grant's counter (always in that order, so PostgreSQL cannot deadlock), then the
 * entry. If either increment would pass its limit, nothing is written. Invariant: for every counter and period,
 * {@code used} equals the sum of the committed entries; only this class writes either (checked by {@link #verify}).
 */
public final class Ledger {

    /** rows.md: a request retried with its Idempotency-Key within 24 hours is answered again and not charged again. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    private final Database database;
    private final LedgerStore store;
    private final AccountStore accounts;
    private final PlanStore plans;
    private final GrantStore grants;
    private final Clock clock;

    public Ledger(Database database, LedgerStore store, AccountStore accounts, PlanStore plans, GrantStore grants, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.store = Objects.requireNonNull(store, "store");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Thrown inside the transaction to roll back a half-made charge; never leaves this class. */
    private static final class Refused extends RuntimeException {
        final ChargeResult result;

        Refused(ChargeResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    /** What one allowance allows this period. */
    private record Limit(long periodStart, long periodEnd, long limit) {}

    public ChargeResult charge(ChargeRequest request) {
        for (int attempt = 0; ; attempt++) {
            try {
                return database.inTransaction((Tx tx) -> chargeIn(tx, request));
            } catch (Refused r) {
                return r.result;
            } catch (DuplicateKeyException e) {
                // A concurrent charge with the same idempotency key committed first; the next attempt replays it.
                if (attempt >= 2) throw e;
            }
        }
    }

    private ChargeResult chargeIn(Tx tx, ChargeRequest r) {
        long now = clock.millis();
        Account account = accounts.findById(tx, r.accountId()).orElseThrow(() -> new IllegalArgumentException("no account " + r.accountId()));
        Limit limit = limitOf(tx, account, r.via().allowance(), now);
        Long cap = capOf(tx, r);
        if (r.idempotencyKey() != null) {
            var previous = store.findByIdempotencyKey(tx, r.accountId(), r.idempotencyKey(), now - IDEMPOTENCY_WINDOW.toMillis());
            if (previous.isPresent()) {
                return new ChargeResult.Replayed(previous.get().rows(), left(tx, r, limit, cap), previous.get().replayBody());
            }
            store.releaseIdempotencyKey(tx, r.accountId(), r.idempotencyKey(), now - IDEMPOTENCY_WINDOW.toMillis());
        }
        // The counters' rows and the entry first, the increments last: the first increment locks the account's counter
        // row until the commit (every other charge of the account waits for it on PostgreSQL), so only the two
        // increments and the commit happen under that lock. A refused increment rolls the entry back with everything else.
        store.openCounters(tx, r.accountId(), r.via().allowance(), r.via() instanceof ChargeRequest.Via.App app ? app.grantId() : null,
                limit.periodStart());
        long entryId = store.insertEntry(tx, r, limit.periodStart(), now);
        long used = store.addAllowanceUsage(tx, r.accountId(), r.via().allowance(), limit.periodStart(), r.rows(), limit.limit());
        if (used == LedgerStore.REFUSED) throw new Refused(new ChargeResult.NotEnoughRows(left(tx, r, limit, cap), false));
        long left = Math.max(0, limit.limit() - used);
        if (r.via() instanceof ChargeRequest.Via.App app) {
            long grantUsed = store.addGrantUsage(tx, app.grantId(), limit.periodStart(), r.rows(), cap);
            if (grantUsed == LedgerStore.REFUSED) {
                throw new Refused(new ChargeResult.NotEnoughRows(left(tx, r, limit, cap), true)); // rolls back the allowance increment
            }
            if (cap != null) left = Math.min(left, Math.max(0, cap - grantUsed));
        }
        return new ChargeResult.Charged(r.rows(), left, entryId);
    }

    /** Rows the path may still spend this period: for an app, the smaller of the user's remainder and the grant's cap. */
    public long rowsLeft(long accountId, ChargeRequest.Via via) {
        return database.read((Tx tx) -> rowsLeft(tx, accountId, via));
    }

    /**
     * The same, in the caller's read transaction: the v2 API reads the balance and the answer in one, which on SQLite
     * spares a second transaction start (each one after a write drops the connection's page cache).
     */
    public long rowsLeft(Tx tx, long accountId, ChargeRequest.Via via) {
        Account account = accounts.findById(tx, accountId).orElseThrow(() -> new IllegalArgumentException("no account " + accountId));
        ChargeRequest probe = new ChargeRequest(accountId, via, "quote", null, 0, null);
        return left(tx, probe, limitOf(tx, account, via.allowance(), clock.millis()), capOf(tx, probe));
    }

    /** Rows of one allowance left this period, before any app's cap (shown on the consent page). */
    public long rowsLeft(Account account, Allowance allowance) {
        long now = clock.millis();
        return database.read((Tx tx) -> {
            Limit limit = limitOf(tx, account, allowance, now);
            return Math.max(0, limit.limit() - store.allowanceUsed(tx, account.id(), allowance, limit.periodStart()));
        });
    }

    /** Rows one grant spent in the account's current billing period (what its monthly cap is compared to). */
    public long grantUsed(Account account, long grantId) {
        long now = clock.millis();
        return database.read((Tx tx) -> store.grantUsed(tx, grantId, limitOf(tx, account, Allowance.INTEGRATION, now).periodStart()));
    }

    /** The plan's name and this period's limit and end for one allowance, for subscription_info and the account pages. */
    public record Standing(String planName, long limit, long used, long periodEnd) {}

    public Standing standing(Account account, Allowance allowance) {
        long now = clock.millis();
        return database.read((Tx tx) -> {
            Limit limit = limitOf(tx, account, allowance, now);
            String plan = account.planId() == null ? null : plans.findById(tx, account.planId()).map(Plan::name).orElse(null);
            return new Standing(plan, limit.limit(), store.allowanceUsed(tx, account.id(), allowance, limit.periodStart()), limit.periodEnd());
        });
    }

    private long left(Tx tx, ChargeRequest r, Limit limit, Long cap) {
        long left = Math.max(0, limit.limit() - store.allowanceUsed(tx, r.accountId(), r.via().allowance(), limit.periodStart()));
        if (cap != null && r.via() instanceof ChargeRequest.Via.App app) {
            left = Math.min(left, Math.max(0, cap - store.grantUsed(tx, app.grantId(), limit.periodStart())));
        }
        return left;
    }

    private Long capOf(Tx tx, ChargeRequest r) {
        if (!(r.via() instanceof ChargeRequest.Via.App app)) return null;
        Grant grant = grants.findById(tx, app.grantId()).orElseThrow(() -> new IllegalArgumentException("no grant " + app.grantId()));
        if (grant.accountId() != r.accountId()) throw new IllegalArgumentException("grant " + grant.id() + " is not the account's");
        return grant.monthlyCap();
    }

    /** No plan, or a plan that ended, allows nothing ("No Subscription"). */
    private Limit limitOf(Tx tx, Account account, Allowance allowance, long now) {
        long anchor = account.planStartedAt() != null ? account.planStartedAt() : account.createdAt();
        BillingPeriod period = BillingPeriod.monthly(anchor, now);
        if (account.planId() == null || (account.planEndsAt() != null && account.planEndsAt() <= now)) {
            return new Limit(period.start(), period.end(), 0);
        }
        Plan plan = plans.findById(tx, account.planId()).orElse(null);
        long rows = plan == null ? 0 : allowance == Allowance.INTEGRATION ? plan.integrationRows() : plan.apiRows();
        return new Limit(period.start(), period.end(), rows);
    }

    /** The invariant check of {@code rowgate ledger verify}: counters against the sums of their entries. */
    public record Verification(long entries, long rows, List<LedgerStore.Mismatch> mismatches) {
        public boolean clean() {
            return mismatches.isEmpty();
        }
    }

    public Verification verify() {
        return database.read((Tx tx) -> new Verification(store.entryCount(tx), store.entryRowsSum(tx), store.mismatches(tx)));
    }
}
