package dev.rowgate.store.jdbc;

import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;

/**
 * Announces, on PostgreSQL, that credentials may have stopped working: a token or key revoked, an app suspended, an
 * account disabled. The notice goes out on commit on {@link JdbcTokenStore#REVOKED_CHANNEL}, whose listener on every
 * node drops its bearer cache (PostgresNotifications), whoever made the change (a page, the CLI, another node).
 */
final class AccessNotice {

    private AccessNotice() {}

    static void send(Tx tx, Dialect dialect) {
        if (dialect == Dialect.POSTGRES) Jdbc.query(tx, "SELECT pg_notify('" + JdbcTokenStore.REVOKED_CHANNEL + "', '')", rs -> null);
    }
}
