package dev.rowgate.apps;

import dev.rowgate.store.Tx;
import java.util.List;
import java.util.Optional;

/** Integration apps with their redirect URIs and secret hashes. insert throws DuplicateKeyException for a taken client_id. */
public interface AppStore {
    long insert(Tx tx, App.New app);

    Optional<App> findById(Tx tx, long id);

    Optional<App> findByClientId(Tx tx, String clientId);

    List<App> list(Tx tx);

    List<App> listByOwner(Tx tx, long ownerAccountId);

    /** Sets the review status; on PostgreSQL also tells every node's bearer cache (a suspension must bite at once). */
    boolean setStatus(Tx tx, long appId, App.Status status, long now);

    List<App> listByStatus(Tx tx, App.Status status);

    long countByStatus(Tx tx, App.Status status);

    /** The app's own switch for the legacy desktop token flow: true, false, or null for the deployment's default. */
    boolean setLegacyTokenFlow(Tx tx, long appId, Boolean allowed, long now);

    /** Adds a client secret hash; expiresAt null keeps it valid until another rotation sets an end. */
    long addSecret(Tx tx, long appId, String secretHash, long now, Long expiresAt);

    /** A client secret as the developer portal shows it: never the secret, only when it was made and until when it works. */
    record Secret(long id, long createdAt, Long expiresAt) {
        public boolean activeAt(long now) {
            return expiresAt == null || expiresAt > now;
        }
    }

    /** Every secret of the app, newest first, expired ones included (the portal shows when they stopped). */
    List<Secret> listSecrets(Tx tx, long appId);

    /** Ends every secret of the app but {@code keepId} at {@code at}, or earlier where one already ends earlier. */
    int expireOtherSecrets(Tx tx, long appId, long keepId, long at);

    /** A secret valid now: its SHA-256 hash, and when it stops (null: not before another rotation). */
    record ActiveSecret(String hash, Long expiresAt) {}

    /** The secrets valid at now (several during a rotation overlap), oldest first. */
    List<ActiveSecret> activeSecrets(Tx tx, long appId, long now);

    /** The SHA-256 hashes of the secrets valid at now. */
    default List<String> activeSecretHashes(Tx tx, long appId, long now) {
        return activeSecrets(tx, appId, now).stream().map(ActiveSecret::hash).toList();
    }
}
