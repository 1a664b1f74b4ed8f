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
    public boolean markRotated(Tx tx, long tokenId, long now, byte[] successorSealed) {
        return Jdbc.update(tx, "UPDATE tokens SET rotated_at = ?, successor_sealed = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL",
                now, successorSealed, tokenId) == 1;
    }

    @Override
    public byte[] successorSealed(Tx tx, long tokenId) {
        return Jdbc.one(tx, "SELECT successor_sealed FROM tokens WHERE id = ?", rs -> rs.getBytes(1), tokenId).orElse(null);
    }

    @Override
    public Optional<TokenWithContext> findWithContext(Tx tx, String tokenHash) {
        return Jdbc.one(tx, "SELECT t.id, t.token_hash, t.kind, t.app_id, t.account_id, t.grant_id, t.family_id, t.code_id, t.parent_id, "
                + "t.scope, t.created_at, t.expires_at, t.revoked_at, t.rotated_at, g.revoked_at AS grant_revoked_at, "
                + "a.status AS app_status, a.client_id, acc.status AS account_status, acc.email "
                + "FROM tokens t JOIN grants g ON g.id = t.grant_id JOIN apps a ON a.id = t.app_id JOIN accounts acc ON acc.id = t.account_id "
                + "WHERE t.token_hash = ?", rs -> new TokenWithContext(map(rs), Jdbc.nullableLong(rs, "grant_revoked_at") == null,
                "approved".equals(rs.getString("app_status")), "active".equals(rs.getString("account_status")),
                rs.getString("client_id"), rs.getString("email")), tokenHash);
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

    private int revokeWhere(Tx tx, String condition, Object value, long now) {
        int n = Jdbc.update(tx, "UPDATE tokens SET revoked_at = ? WHERE " + condition + " AND revoked_at IS NULL", now, value);
        // PostgreSQL delivers the notice on commit, to every node's listener (PostgresNotifications): bearer caches drop
        // revoked tokens at once, whoever revoked them (an endpoint, the CLI, another node).
        if (n > 0 && dialect == Dialect.POSTGRES) Jdbc.query(tx, "SELECT pg_notify('" + REVOKED_CHANNEL + "', '')", rs -> null);
        return n;
    }

    /** The PostgreSQL NOTIFY channel on which token revocations are announced. */
    public static final String REVOKED_CHANNEL = "rowgate_tokens_revoked";

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
