package dev.rowgate.lifecycle;

import dev.rowgate.store.Tx;
import java.util.Map;
import java.util.Optional;

/** Operator settings as named text values (the {@code settings} table): read by every node, so no node caches them long. */
public interface SettingsStore {
    Optional<String> get(Tx tx, String name);

    Map<String, String> all(Tx tx);

    void put(Tx tx, String name, String value, long now);

    void remove(Tx tx, String name);
}
