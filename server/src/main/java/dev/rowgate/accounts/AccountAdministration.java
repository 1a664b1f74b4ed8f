package dev.rowgate.accounts;

import dev.rowgate.InvalidInputException;
import dev.rowgate.audit.Actor;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.ledger.Plan;
import dev.rowgate.ledger.PlanStore;
import dev.rowgate.store.Database;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The operator's changes to an account: disable or enable it, and change its plan. Disabling revokes nothing but
 * sessions: every token and key check reads the account's status (TokenAuth, introspection, the token endpoint),
 * so they stop at once and work again after enabling. This node's bearer cache is dropped after the change
 * ({@code onAccessChange}); other PostgreSQL nodes hear of it from the store's notice.
 */
public final class AccountAdministration {

    private final Database database;
    private final AccountStore accounts;
    private final PlanStore plans;
    private final SessionStore sessions;
    private final AuditLog audit;
    private final Runnable onAccessChange;

    public AccountAdministration(Database database, AccountStore accounts, PlanStore plans, SessionStore sessions, AuditLog audit,
            Runnable onAccessChange) {
        this.database = Objects.requireNonNull(database, "database");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.onAccessChange = Objects.requireNonNull(onAccessChange, "onAccessChange");
    }

    public Account find(String email) {
        return database.read(tx -> accounts.findByEmail(tx, email == null ? "" : email))
                .orElseThrow(() -> new InvalidInputException("user: no account with email " + email));
    }

    /** Disables (or enables) the account; an operator cannot disable their own account, which would lock them out. */
    public Account setStatus(long accountId, Account.Status status, Actor actor) {
        if (status == Account.Status.DISABLED && actor.accountId() != null && actor.accountId() == accountId) {
            throw new InvalidInputException("you cannot disable your own account");
        }
        Account changed = database.inTransaction(tx -> {
            Account a = accounts.findById(tx, accountId).orElseThrow(() -> new InvalidInputException("user: no account with id " + accountId));
            if (a.status() == status) return a;
            accounts.setStatus(tx, a.id(), status);
            // Signed out everywhere: a session must not come back to life when the account is enabled again.
            if (status == Account.Status.DISABLED) sessions.deleteByAccount(tx, a.id());
            audit.record(tx, status == Account.Status.DISABLED ? "account.disable" : "account.enable", a.id(), null, actor.ip(),
                    actor.detail(Map.of("email", a.email())));
            return accounts.findById(tx, a.id()).orElseThrow();
        });
        onAccessChange.run();
        return changed;
    }

    /**
     * Moves the account to another plan (null: none, "No Subscription"). The billing anchor stays, so the period
     * and what it has used so far carry over: the new plan's limit applies to this period's usage.
     */
    public Account setPlan(long accountId, String planName, Actor actor) {
        return database.inTransaction(tx -> {
            Account a = accounts.findById(tx, accountId).orElseThrow(() -> new InvalidInputException("user: no account with id " + accountId));
            Plan plan = null;
            if (planName != null) {
                plan = plans.findByName(tx, planName).orElseThrow(() -> new InvalidInputException("plan: no plan named \"" + planName + "\""));
            }
            Long planId = plan == null ? null : plan.id();
            Long startedAt = a.planStartedAt() != null ? a.planStartedAt() : a.createdAt();
            accounts.setPlan(tx, a.id(), planId, startedAt, a.planEndsAt());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("email", a.email());
            detail.put("from", a.planId() == null ? null : plans.findById(tx, a.planId()).map(Plan::name).orElse(null));
            detail.put("to", plan == null ? null : plan.name());
            audit.record(tx, "account.plan", a.id(), null, actor.ip(), actor.detail(detail));
            return accounts.findById(tx, a.id()).orElseThrow();
        });
    }
}
