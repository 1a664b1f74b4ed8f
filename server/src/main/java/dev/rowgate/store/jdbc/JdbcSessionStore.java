package dev.rowgate.store.jdbc;

import dev.rowgate.accounts.Session;
import dev.rowgate.accounts.SessionStore;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.util.Optional;

/** SessionStore for both dialects; only the expiry batch differs ({@link ExpiredRows}). */
public final class JdbcSessionStore implements SessionStore {

    private final Dialect dialect;

    public JdbcSessionStore(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public void insert(Tx tx, Session s, String ip) {
        Jdbc.update(tx, "INSERT INTO sessions (id_hash, account_id, csrf_token, created_at, expires_at, last_seen_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
                s.idHash(), s.accountId(), s.csrfToken(), s.createdAt(), s.expiresAt(), s.lastSeenAt(), ip);
    }

    @Override
    public Optional<Session> find(Tx tx, String idHash) {
        return Jdbc.one(tx, "SELECT id_hash, account_id, csrf_token, created_at, expires_at, last_seen_at FROM sessions WHERE id_hash = ?",
                rs -> new Session(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)), idHash);
    }

    @Override
    public void touch(Tx tx, String idHash, long now) {
        Jdbc.update(tx, "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", now, idHash);
    }

    @Override
    public void delete(Tx tx, String idHash) {
        Jdbc.update(tx, "DELETE FROM sessions WHERE id_hash = ?", idHash);
    }

    @Override
    public int deleteByAccount(Tx tx, long accountId) {
        return Jdbc.update(tx, "DELETE FROM sessions WHERE account_id = ?", accountId);
    }

    @Override
    public String expiringName() {
        return "sessions";
    }

    @Override
    public int deleteExpired(Tx tx, long cutoff, int limit) {
        return ExpiredRows.delete(tx, dialect, "sessions", "id_hash", cutoff, limit);
    }
}
