package dev.rowgate.store.jdbc;

import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.oauth.device.DeviceCode;
import dev.rowgate.oauth.device.DeviceCodeStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;

/** DeviceCodeStore for both dialects; only the expiry batch differs ({@link ExpiredRows}). */
public final class JdbcDeviceCodeStore implements DeviceCodeStore {

    private final Dialect dialect;

    public JdbcDeviceCodeStore(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public long insert(Tx tx, String deviceCodeHash, String userCode, long appId, String scope, int intervalSeconds, long now, long expiresAt) {
        return Jdbc.insert(tx, "INSERT INTO device_codes (device_code_hash, user_code, app_id, scope, interval_seconds, created_at, expires_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", deviceCodeHash, userCode, appId, scope, intervalSeconds, now, expiresAt);
    }

    @Override
    public long countPending(Tx tx) {
        return Jdbc.count(tx, "SELECT count(*) FROM device_codes WHERE status = 'pending'");
    }

    private static final String COLUMNS = "id, device_code_hash, user_code, app_id, scope, status, account_id, grant_id, "
            + "interval_seconds, last_polled_at, created_at, expires_at";

    @Override
    public Optional<DeviceCode> findByDeviceCodeHash(Tx tx, String hash) {
        return Jdbc.one(tx, "SELECT " + COLUMNS + " FROM device_codes WHERE device_code_hash = ?", JdbcDeviceCodeStore::map, hash);
    }

    @Override
    public Optional<DeviceCode> findByUserCode(Tx tx, String userCode) {
        return Jdbc.one(tx, "SELECT " + COLUMNS + " FROM device_codes WHERE user_code = ?", JdbcDeviceCodeStore::map, userCode);
    }

    @Override
    public boolean decide(Tx tx, long id, DeviceCode.Status decision, long accountId, Long grantId) {
        return Jdbc.update(tx, "UPDATE device_codes SET status = ?, account_id = ?, grant_id = ? WHERE id = ? AND status = 'pending'",
                decision, accountId, grantId, id) == 1;
    }

    @Override
    public void polled(Tx tx, long id, long now, int intervalSeconds) {
        Jdbc.update(tx, "UPDATE device_codes SET last_polled_at = ?, interval_seconds = ? WHERE id = ?", now, intervalSeconds, id);
    }

    @Override
    public boolean consume(Tx tx, long id) {
        return Jdbc.update(tx, "UPDATE device_codes SET status = 'consumed' WHERE id = ? AND status = 'approved'", id) == 1;
    }

    private static DeviceCode map(ResultSet rs) throws SQLException {
        return new DeviceCode(rs.getLong("id"), rs.getString("device_code_hash"), rs.getString("user_code"), rs.getLong("app_id"),
                rs.getString("scope"), DeviceCode.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                Jdbc.nullableLong(rs, "account_id"), Jdbc.nullableLong(rs, "grant_id"), rs.getInt("interval_seconds"),
                Jdbc.nullableLong(rs, "last_polled_at"), rs.getLong("created_at"), rs.getLong("expires_at"));
    }

    @Override
    public String expiringName() {
        return "device_codes";
    }

    @Override
    public int deleteExpired(Tx tx, long cutoff, int limit) {
        return ExpiredRows.delete(tx, dialect, "device_codes", cutoff, limit);
    }
}
