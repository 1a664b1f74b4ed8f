package dev.rowgate.ledger;

import dev.rowgate.accounts.Account;
import dev.rowgate.store.Database;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user has left this billing period, read from the plan and the usage counters (which only the ledger writes).
 * Shown on the consent page; the ledger issue adds charging.
 */
public final class Balances {

    public enum Allowance { INTEGRATION, API }

    private final Database database;
    private final PlanStore plans;
    private final Clock clock;

    public Balances(Database database, PlanStore plans, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Rows left of one allowance this period; 0 without a plan ("No Subscription") or after the plan ended. */
    public long rowsLeft(Account account, Allowance allowance) {
        if (account.planId() == null) return 0;
        long now = clock.millis();
        if (account.planEndsAt() != null && account.planEndsAt() <= now) return 0;
        return database.read((Tx tx) -> {
            Optional<Plan> plan = plans.findById(tx, account.planId());
            if (plan.isEmpty()) return 0L;
            long limit = allowance == Allowance.INTEGRATION ? plan.get().integrationRows() : plan.get().apiRows();
            long anchor = account.planStartedAt() != null ? account.planStartedAt() : account.createdAt();
            BillingPeriod period = BillingPeriod.monthly(anchor, now);
            long used = Jdbc.count(tx, "SELECT COALESCE(SUM(used), 0) FROM allowance_usage WHERE account_id = ? AND allowance = ? AND period_start = ?",
                    account.id(), allowance, period.start());
            return Math.max(0, limit - used);
        });
    }
}
