package dev.rowgate.store.jdbc;

import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.oauth.token.Token;
import dev.rowgate.oauth.token.TokenStore;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/** TokenStore for both dialects; only the expiry batch differs ({@link ExpiredRows}). */
public final class JdbcTokenStore implements TokenStore {

    private static final String COLUMNS = "id, token_hash, kind, app_id, account_id, grant_id, family_id, code_id, parent_id, "
            + "scope, created_at, expires_at, revoked_at, rotated_at";

    private final Dialect dialect;

    public JdbcTokenStore(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public long insert(Tx tx, Token.New t) {
        return Jdbc.insert(tx, "INSERT INTO tokens (token_hash, kind, app_id, account_id, grant_id, family_id, code_id, parent_id, "
                        + "scope, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.tokenHash(), t.kind(), t.appId(), t.accountId(), t.grantId(), t.familyId(), t.codeId(), t.parentId(),
                t.scope(), t.createdAt(), t.expiresAt());
    }

    @Override
    public Optional<Token> findByHash(Tx tx, String tokenHash) {
        return Jdbc.one(tx, "SELECT " + COLUMNS + " FROM tokens WHERE token_hash = ?", JdbcTokenStore::map, tokenHash);
    }

    @Override
    public int revokeByHash(Tx tx, String tokenHash, long now) {
        return revokeWhere(tx, "token_hash = ?", tokenHash, now);
    }

    @Override
    public int revokeByGrant(Tx tx, long grantId, long now) {
        return revokeWhere(tx, "grant_id = ?", grantId, now);
    }

    @Override
    public int revokeByCode(Tx tx, long codeId, long now) {
        return revokeWhere(tx, "code_id = ?", codeId, now);
    }

    @Override
    public int revokeFamily(Tx tx, String familyId, long now) {
        return revokeWhere(tx, "family_id = ?", familyId, now);
    }

    @Override
    public int revokeByApp(Tx tx, long appId, long now) {
        return revokeWhere(tx, "app_id = ?", appId, now);
    }

    @Override
    public int revokeByAccount(Tx tx, long accountId, long now) {
        return revokeWhere(tx, "account_id = ?", accountId, now);
    }

    private static int revokeWhere(Tx tx, String condition, Object value, long now) {
        return Jdbc.update(tx, "UPDATE tokens SET revoked_at = ? WHERE " + condition + " AND revoked_at IS NULL", now, value);
    }

    @Override
    public String expiringName() {
        return "tokens";
    }

    @Override
    public int deleteExpired(Tx tx, long cutoff, int limit) {
        return ExpiredRows.delete(tx, dialect, "tokens", cutoff, limit);
    }

    private static Token map(ResultSet rs) throws SQLException {
        return new Token(rs.getLong("id"), rs.getString("token_hash"), Token.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                rs.getLong("app_id"), rs.getLong("account_id"), rs.getLong("grant_id"), rs.getString("family_id"),
                Jdbc.nullableLong(rs, "code_id"), Jdbc.nullableLong(rs, "parent_id"), rs.getString("scope"),
                rs.getLong("created_at"), rs.getLong("expires_at"), Jdbc.nullableLong(rs, "revoked_at"),
                Jdbc.nullableLong(rs, "rotated_at"));
    }
}
