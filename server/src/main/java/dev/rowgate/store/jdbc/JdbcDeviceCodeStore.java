package dev.rowgate.store.jdbc;

import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.oauth.device.DeviceCodeStore;
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

    @Override
    public String expiringName() {
        return "device_codes";
    }

    @Override
    public int deleteExpired(Tx tx, long cutoff, int limit) {
        return ExpiredRows.delete(tx, dialect, "device_codes", cutoff, limit);
    }
}
