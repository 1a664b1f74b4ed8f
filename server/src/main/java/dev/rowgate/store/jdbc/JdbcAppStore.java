package dev.rowgate.store.jdbc;

import dev.rowgate.apps.App;
import dev.rowgate.apps.AppStore;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * AppStore in SQL that SQLite and PostgreSQL run alike. Redirect URIs keep their registration order. A status change
 * is announced on PostgreSQL ({@link AccessNotice}): a suspended app's tokens must stop at once on every node.
 */
public final class JdbcAppStore implements AppStore {

    private final Dialect dialect;

    public JdbcAppStore(Dialect dialect) {
        this.dialect = dialect;
    }

    private static final String COLUMNS =
            "id, client_id, name, description, type, owner_account_id, status, website, logo_url, legacy_token_flow, created_at";

    @Override
    public long insert(Tx tx, App.New a) {
        long id = Jdbc.insert(tx, """
                INSERT INTO apps (client_id, name, description, type, owner_account_id, status, website, logo_url, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                a.clientId(), a.name(), a.description() == null ? "" : a.description(), a.type(), a.ownerAccountId(),
                a.status(), a.website(), a.logoUrl(), a.createdAt(), a.createdAt());
        int position = 0;
        for (String uri : a.redirectUris()) {
            Jdbc.update(tx, "INSERT INTO app_redirect_uris (app_id, position, uri) VALUES (?, ?, ?)", id, position++, uri);
        }
        return id;
    }

    @Override
    public Optional<App> findById(Tx tx, long id) {
        return withUris(tx, Jdbc.query(tx, "SELECT " + COLUMNS + " FROM apps WHERE id = ?", JdbcAppStore::map, id)).stream().findFirst();
    }

    @Override
    public Optional<App> findByClientId(Tx tx, String clientId) {
        return withUris(tx, Jdbc.query(tx, "SELECT " + COLUMNS + " FROM apps WHERE client_id = ?", JdbcAppStore::map, clientId))
                .stream().findFirst();
    }

    @Override
    public List<App> list(Tx tx) {
        return withUris(tx, Jdbc.query(tx, "SELECT " + COLUMNS + " FROM apps ORDER BY id", JdbcAppStore::map));
    }

    @Override
    public List<App> listByOwner(Tx tx, long ownerAccountId) {
        return withUris(tx, Jdbc.query(tx, "SELECT " + COLUMNS + " FROM apps WHERE owner_account_id = ? ORDER BY id",
                JdbcAppStore::map, ownerAccountId));
    }

    @Override
    public boolean setStatus(Tx tx, long appId, App.Status status, long now) {
        boolean done = Jdbc.update(tx, "UPDATE apps SET status = ?, updated_at = ? WHERE id = ?", status, now, appId) == 1;
        if (done) AccessNotice.send(tx, dialect);
        return done;
    }

    @Override
    public List<App> listByStatus(Tx tx, App.Status status) {
        return withUris(tx, Jdbc.query(tx, "SELECT " + COLUMNS + " FROM apps WHERE status = ? ORDER BY id", JdbcAppStore::map, status));
    }

    @Override
    public long countByStatus(Tx tx, App.Status status) {
        return Jdbc.count(tx, "SELECT count(*) FROM apps WHERE status = ?", status);
    }

    @Override
    public boolean setLegacyTokenFlow(Tx tx, long appId, Boolean allowed, long now) {
        return Jdbc.update(tx, "UPDATE apps SET legacy_token_flow = ?, updated_at = ? WHERE id = ?", allowed, now, appId) == 1;
    }

    @Override
    public long addSecret(Tx tx, long appId, String secretHash, long now, Long expiresAt) {
        return Jdbc.insert(tx, "INSERT INTO app_secrets (app_id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?)",
                appId, secretHash, now, expiresAt);
    }

    @Override
    public List<ActiveSecret> activeSecrets(Tx tx, long appId, long now) {
        return Jdbc.query(tx, "SELECT secret_hash, expires_at FROM app_secrets WHERE app_id = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY id",
                rs -> new ActiveSecret(rs.getString(1), Jdbc.nullableLong(rs, "expires_at")), appId, now);
    }

    /** Fills in the redirect URIs of the given apps with one query. */
    private static List<App> withUris(Tx tx, List<App> apps) {
        if (apps.isEmpty()) return apps;
        Map<Long, List<String>> uris = new LinkedHashMap<>();
        for (App a : apps) uris.put(a.id(), new ArrayList<>());
        String in = String.join(",", java.util.Collections.nCopies(apps.size(), "?"));
        Jdbc.query(tx, "SELECT app_id, uri FROM app_redirect_uris WHERE app_id IN (" + in + ") ORDER BY app_id, position",
                rs -> uris.get(rs.getLong(1)).add(rs.getString(2)), apps.stream().map(App::id).toArray());
        List<App> out = new ArrayList<>(apps.size());
        for (App a : apps) {
            out.add(new App(a.id(), a.clientId(), a.name(), a.description(), a.type(), a.ownerAccountId(), a.status(),
                    a.website(), a.logoUrl(), a.legacyTokenFlow(), uris.get(a.id()), a.createdAt()));
        }
        return out;
    }

    private static App map(ResultSet rs) throws SQLException {
        return new App(rs.getLong("id"), rs.getString("client_id"), rs.getString("name"), rs.getString("description"),
                App.Type.valueOf(rs.getString("type").toUpperCase(Locale.ROOT)), Jdbc.nullableLong(rs, "owner_account_id"),
                App.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getString("website"),
                rs.getString("logo_url"), Jdbc.nullableBoolean(rs, "legacy_token_flow"), List.of(), rs.getLong("created_at"));
    }

    @Override
    public List<Secret> listSecrets(Tx tx, long appId) {
        return Jdbc.query(tx, "SELECT id, created_at, expires_at FROM app_secrets WHERE app_id = ? ORDER BY id DESC",
                rs -> new Secret(rs.getLong(1), rs.getLong(2), Jdbc.nullableLong(rs, "expires_at")), appId);
    }

    @Override
    public int expireOtherSecrets(Tx tx, long appId, long keepId, long at) {
        int changed = Jdbc.update(tx, "UPDATE app_secrets SET expires_at = ? WHERE app_id = ? AND id <> ? AND (expires_at IS NULL OR expires_at > ?)",
                at, appId, keepId, at);
        // Every node's client-authentication cache must hear of the new end, which may be now.
        if (changed > 0) AccessNotice.send(tx, dialect);
        return changed;
    }
}
