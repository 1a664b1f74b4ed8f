package dev.rowgate.store;

import dev.rowgate.accounts.AccountStore;
import dev.rowgate.accounts.ApiKeyStore;
import dev.rowgate.accounts.SessionStore;
import dev.rowgate.accounts.ThrottleStore;
import dev.rowgate.audit.AuditStore;
import dev.rowgate.apps.AppStore;
import dev.rowgate.cleanup.Expiring;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.grants.GrantStore;
import dev.rowgate.ledger.LedgerStore;
import dev.rowgate.linkdata.LinkDataStore;
import dev.rowgate.ledger.PlanStore;
import dev.rowgate.lifecycle.SettingsStore;
import dev.rowgate.oauth.authorize.CodeStore;
import dev.rowgate.oauth.device.DeviceCodeStore;
import dev.rowgate.oauth.token.TokenStore;
import dev.rowgate.store.jdbc.JdbcAccountStore;
import dev.rowgate.store.jdbc.JdbcApiKeyStore;
import dev.rowgate.store.jdbc.JdbcAuditStore;
import dev.rowgate.store.jdbc.JdbcSessionStore;
import dev.rowgate.store.jdbc.JdbcThrottleStore;
import dev.rowgate.store.jdbc.JdbcAppStore;
import dev.rowgate.store.jdbc.JdbcCodeStore;
import dev.rowgate.store.jdbc.JdbcDeviceCodeStore;
import dev.rowgate.store.jdbc.JdbcGrantStore;
import dev.rowgate.store.jdbc.JdbcLedgerStore;
import dev.rowgate.store.jdbc.JdbcLinkDataStore;
import dev.rowgate.store.jdbc.JdbcPlanStore;
import dev.rowgate.store.jdbc.JdbcSettingsStore;
import dev.rowgate.store.jdbc.JdbcTokenStore;
import java.util.List;

/**
 * Every store, built for one dialect. Where SQLite and PostgreSQL run the same SQL, one class serves both; where
 * they differ, the class takes the {@link Dialect} and keeps the difference in one named place. The contract tests
 * run every store against both databases.
 */
public record Stores(
        AccountStore accounts, PlanStore plans, AppStore apps, GrantStore grants, CodeStore codes, TokenStore tokens,
        DeviceCodeStore deviceCodes, SessionStore sessions, ThrottleStore throttle, AuditStore audit, LedgerStore ledger, ApiKeyStore apiKeys,
        LinkDataStore linkData, SettingsStore settings) {

    public static Stores forDialect(Dialect dialect) {
        return new Stores(new JdbcAccountStore(dialect), new JdbcPlanStore(), new JdbcAppStore(dialect), new JdbcGrantStore(),
                new JdbcCodeStore(dialect), new JdbcTokenStore(dialect), new JdbcDeviceCodeStore(dialect),
                new JdbcSessionStore(dialect), new JdbcThrottleStore(), new JdbcAuditStore(), new JdbcLedgerStore(dialect),
                new JdbcApiKeyStore(dialect), new JdbcLinkDataStore(), new JdbcSettingsStore());
    }

    /** The tables whose rows expire, for the cleanup job. */
    public List<Expiring> expiring() {
        return List.of(codes, tokens, deviceCodes, sessions, ledger);
    }
}
