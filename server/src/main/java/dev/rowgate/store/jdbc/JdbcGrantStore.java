package dev.rowgate.store.jdbc;

import dev.rowgate.grants.Grant;
import dev.rowgate.grants.GrantStore;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** GrantStore in SQL that SQLite and PostgreSQL run alike; the partial unique index keeps one active grant per pair. */
public final class JdbcGrantStore implements GrantStore {

    private static final String COLUMNS = "id, account_id, app_id, scope, monthly_cap, created_at, revoked_at, last_used_at";

    @Override
    public long insert(Tx tx, long accountId, long appId, String scope, Long monthlyCap, long now) {
        return Jdbc.insert(tx, "INSERT INTO grants (account_id, app_id, scope, monthly_cap, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                accountId, appId, scope, monthlyCap, now, now);
    }

    @Override
    public Optional<Grant> findById(Tx tx, long id) {
        return Jdbc.one(tx, "SELECT " + COLUMNS + " FROM grants WHERE id = ?", JdbcGrantStore::map, id);
    }

    @Override
    public Optional<Grant> findActive(Tx tx, long accountId, long appId) {
        return Jdbc.one(tx, "SELECT " + COLUMNS + " FROM grants WHERE account_id = ? AND app_id = ? AND revoked_at IS NULL",
                JdbcGrantStore::map, accountId, appId);
    }

    @Override
    public List<Grant> listByAccount(Tx tx, long accountId) {
        return Jdbc.query(tx, "SELECT " + COLUMNS + " FROM grants WHERE account_id = ? ORDER BY id", JdbcGrantStore::map, accountId);
    }

    @Override
    public boolean setCap(Tx tx, long grantId, Long monthlyCap, long now) {
        return Jdbc.update(tx, "UPDATE grants SET monthly_cap = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL", monthlyCap, now, grantId) == 1;
    }

    @Override
    public long countActive(Tx tx) {
        return Jdbc.count(tx, "SELECT count(*) FROM grants WHERE revoked_at IS NULL");
    }

    @Override
    public boolean revoke(Tx tx, long grantId, long now) {
        return Jdbc.update(tx, "UPDATE grants SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL", now, now, grantId) == 1;
    }

    private static Grant map(ResultSet rs) throws SQLException {
        return new Grant(rs.getLong("id"), rs.getLong("account_id"), rs.getLong("app_id"), rs.getString("scope"),
                Jdbc.nullableLong(rs, "monthly_cap"), rs.getLong("created_at"), Jdbc.nullableLong(rs, "revoked_at"),
                Jdbc.nullableLong(rs, "last_used_at"));
    }

    @Override
    public long countActiveByApp(Tx tx, long appId) {
        return Jdbc.count(tx, "SELECT COUNT(*) FROM grants WHERE app_id = ? AND revoked_at IS NULL", appId);
    }
}
