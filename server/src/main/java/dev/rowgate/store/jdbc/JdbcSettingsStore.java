package dev.rowgate.store.jdbc;

import dev.rowgate.lifecycle.SettingsStore;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** SettingsStore in SQL that SQLite and PostgreSQL run alike (both have INSERT ... ON CONFLICT DO UPDATE). */
public final class JdbcSettingsStore implements SettingsStore {

    @Override
    public Optional<String> get(Tx tx, String name) {
        return Jdbc.one(tx, "SELECT value FROM settings WHERE name = ?", rs -> rs.getString(1), name);
    }

    @Override
    public Map<String, String> all(Tx tx) {
        Map<String, String> all = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : Jdbc.query(tx, "SELECT name, value FROM settings ORDER BY name",
                rs -> Map.entry(rs.getString(1), rs.getString(2)))) {
            all.put(e.getKey(), e.getValue());
        }
        return all;
    }

    @Override
    public void put(Tx tx, String name, String value, long now) {
        Jdbc.update(tx, "INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at", name, value, now);
    }

    @Override
    public void remove(Tx tx, String name) {
        Jdbc.update(tx, "DELETE FROM settings WHERE name = ?", name);
    }
}
