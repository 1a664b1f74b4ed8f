package dev.rowgate.store.jdbc;

import dev.rowgate.accounts.ApiKey;
import dev.rowgate.accounts.ApiKeyStore;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** ApiKeyStore for both dialects; a revocation is announced on PostgreSQL like a token's (bearer caches drop it). */
public final class JdbcApiKeyStore implements ApiKeyStore {

    private static final String COLUMNS = "k.id, k.account_id, k.name, k.created_at, k.revoked_at, k.last_used_at";

    private final Dialect dialect;

    public JdbcApiKeyStore(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public long insert(Tx tx, long accountId, String name, String keyHash, long now) {
        return Jdbc.insert(tx, "INSERT INTO personal_api_keys (account_id, name, key_hash, created_at) VALUES (?, ?, ?, ?)", accountId, name, keyHash, now);
    }

    @Override
    public List<ApiKey> listByAccount(Tx tx, long accountId) {
        return Jdbc.query(tx, "SELECT " + COLUMNS + " FROM personal_api_keys k WHERE k.account_id = ? ORDER BY k.id", JdbcApiKeyStore::map, accountId);
    }

    @Override
    public Optional<ApiKey> findUsable(Tx tx, String keyHash) {
        return Jdbc.one(tx, "SELECT " + COLUMNS + " FROM personal_api_keys k JOIN accounts a ON a.id = k.account_id "
                + "WHERE k.key_hash = ? AND k.revoked_at IS NULL AND a.status = 'active'", JdbcApiKeyStore::map, keyHash);
    }

    @Override
    public boolean revoke(Tx tx, long keyId, long accountId, long now) {
        boolean done = Jdbc.update(tx, "UPDATE personal_api_keys SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL",
                now, keyId, accountId) == 1;
        if (done && dialect == Dialect.POSTGRES) Jdbc.query(tx, "SELECT pg_notify('" + JdbcTokenStore.REVOKED_CHANNEL + "', '')", rs -> null);
        return done;
    }

    private static ApiKey map(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getLong("id"), rs.getLong("account_id"), rs.getString("name"), rs.getLong("created_at"),
                Jdbc.nullableLong(rs, "revoked_at"), Jdbc.nullableLong(rs, "last_used_at"));
    }
}
