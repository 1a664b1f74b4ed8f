package dev.rowgate.store.jdbc;

import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.oauth.authorize.AuthorizationCode;
import dev.rowgate.oauth.authorize.CodeStore;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** CodeStore for both dialects; only the expiry batch differs ({@link ExpiredRows}). */
public final class JdbcCodeStore implements CodeStore {

    private static final String COLUMNS = "id, code_hash, app_id, account_id, grant_id, redirect_uri, redirect_uri_sent, "
            + "code_challenge, code_challenge_method, scope, created_at, expires_at, consumed_at";

    private final Dialect dialect;

    public JdbcCodeStore(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public long insert(Tx tx, AuthorizationCode.New c) {
        return Jdbc.insert(tx, "INSERT INTO authorization_codes (code_hash, app_id, account_id, grant_id, redirect_uri, redirect_uri_sent, "
                        + "code_challenge, code_challenge_method, scope, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.codeHash(), c.appId(), c.accountId(), c.grantId(), c.redirectUri(), c.redirectUriSent(), c.codeChallenge(),
                c.codeChallengeMethod(), c.scope(), c.createdAt(), c.expiresAt());
    }

    @Override
    public Optional<AuthorizationCode> findByHash(Tx tx, String codeHash) {
        return Jdbc.one(tx, "SELECT " + COLUMNS + " FROM authorization_codes WHERE code_hash = ?", JdbcCodeStore::map, codeHash);
    }

    @Override
    public boolean consume(Tx tx, long codeId, long now) {
        // RFC 6749 §4.1.2: the client MUST NOT use the code more than once. The conditional update is the atomic
        // test-and-set: of two concurrent redemptions exactly one touches the row.
        return Jdbc.update(tx, "UPDATE authorization_codes SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL", now, codeId) == 1;
    }

    @Override
    public String expiringName() {
        return "authorization_codes";
    }

    @Override
    public int deleteExpired(Tx tx, long cutoff, int limit) {
        return ExpiredRows.delete(tx, dialect, "authorization_codes", cutoff, limit);
    }

    private static AuthorizationCode map(ResultSet rs) throws SQLException {
        return new AuthorizationCode(rs.getLong("id"), rs.getString("code_hash"), rs.getLong("app_id"), rs.getLong("account_id"),
                rs.getLong("grant_id"), rs.getString("redirect_uri"), rs.getBoolean("redirect_uri_sent"),
                rs.getString("code_challenge"), rs.getString("code_challenge_method"), rs.getString("scope"),
                rs.getLong("created_at"), rs.getLong("expires_at"), Jdbc.nullableLong(rs, "consumed_at"));
    }
}
