package dev.rowgate.grants;

import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.AccountStore;
import dev.rowgate.apps.App;
import dev.rowgate.apps.AppStore;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.ledger.Ledger;
import dev.rowgate.ledger.Usage;
import dev.rowgate.oauth.token.Revocations;
import dev.rowgate.oauth.token.TokenStore;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's connected apps (their active grants) as the account page shows them, and the two things the user does
 * with one: change its monthly cap (rows.md) and revoke it, which ends the grant and every token issued under it in
 * one transaction, then drops the bearer caches (this node at once, other nodes through the revocation notice).
 * Every method takes the acting account: a grant that is not theirs is the same as no grant.
 */
public final class ConnectedApps {

    public static final int CHART_DAYS = 30;

    /** One row of the connected-apps table. lastUsedAt: the last call that spent rows, null when none did. */
    public record ConnectedApp(Grant grant, App app, String developer, long rowsThisPeriod, Long lastUsedAt, Usage.Daily daily) {}

    private final Database database;
    private final GrantStore grants;
    private final AppStore apps;
    private final AccountStore accounts;
    private final TokenStore tokens;
    private final Revocations revocations;
    private final Ledger ledger;
    private final Usage usage;
    private final AuditLog audit;
    private final Clock clock;

    public ConnectedApps(Database database, GrantStore grants, AppStore apps, AccountStore accounts, TokenStore tokens,
            Revocations revocations, Ledger ledger, Usage usage, AuditLog audit, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public List<ConnectedApp> of(Account account) {
        Map<Long, Usage.Daily> daily = usage.byGrant(account.id(), CHART_DAYS);
        Map<Long, Long> lastCharge = usage.lastChargeOfGrants(account.id());
        record Row(Grant grant, App app, String developer) {}
        List<Row> rows = database.read((Tx tx) -> {
            List<Row> found = new ArrayList<>();
            for (Grant g : grants.listByAccount(tx, account.id())) {
                if (!g.active()) continue;
                App app = apps.findById(tx, g.appId()).orElseThrow();
                String developer = app.ownerAccountId() == null ? null
                        : accounts.findById(tx, app.ownerAccountId()).map(Account::email).orElse(null);
                found.add(new Row(g, app, developer));
            }
            return found;
        });
        List<ConnectedApp> result = new ArrayList<>();
        for (Row r : rows) {
            result.add(new ConnectedApp(r.grant(), r.app(), r.developer(), ledger.grantUsed(account, r.grant().id()),
                    lastCharge.get(r.grant().id()), daily.getOrDefault(r.grant().id(), Usage.empty(clock.millis(), CHART_DAYS))));
        }
        return result;
    }

    private Optional<Grant> activeGrantOf(Tx tx, Account account, long grantId) {
        return grants.findById(tx, grantId).filter(g -> g.accountId() == account.id() && g.active());
    }

    /** Sets (or clears, null) the monthly cap; false when the grant is not the account's active grant. */
    public boolean setCap(Account account, long grantId, Long cap, String ip) {
        return database.inTransaction((Tx tx) -> {
            Optional<Grant> grant = activeGrantOf(tx, account, grantId);
            if (grant.isEmpty()) return false;
            grants.setCap(tx, grantId, cap, clock.millis());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("grant_id", grantId);
            detail.put("monthly_cap", cap);
            audit.record(tx, "grant.cap_changed", account.id(), grant.get().appId(), ip, detail);
            return true;
        });
    }

    /** Revokes the grant and all its tokens; false when it is not the account's active grant. */
    public boolean revoke(Account account, long grantId, String ip) {
        long now = clock.millis();
        boolean done = database.inTransaction((Tx tx) -> {
            Optional<Grant> grant = activeGrantOf(tx, account, grantId);
            if (grant.isEmpty()) return false;
            grants.revoke(tx, grantId, now);
            int revoked = tokens.revokeByGrant(tx, grantId, now);
            audit.record(tx, "grant.revoked", account.id(), grant.get().appId(), ip, Map.of("grant_id", grantId, "tokens_revoked", revoked));
            return true;
        });
        if (done) revocations.revokedElsewhere();
        return done;
    }
}
