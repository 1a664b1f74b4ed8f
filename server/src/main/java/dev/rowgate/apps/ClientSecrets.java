package dev.rowgate.apps;

import dev.rowgate.InvalidInputException;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Client secret rotation with overlap: the new secret works at once and the old ones keep working until a time the
 * developer picks (at most {@link #MAX_OVERLAP}), so a fleet of app servers can switch without a failed request
 * (the rotation Spring Authorization Server and Hydra leave to the operator, done here by the developer). The new
 * secret is returned once and stored as a hash, like the first one. Old secrets that stop at once stop for clients
 * this node remembers too ({@code onAccessChange}); other PostgreSQL nodes hear of it from the store's notice.
 */
public final class ClientSecrets {

    static final Duration MAX_OVERLAP = Duration.ofDays(30);

    private final Database database;
    private final AppStore apps;
    private final AuditLog audit;
    private final Runnable onAccessChange;
    private final Clock clock;

    public ClientSecrets(Database database, AppStore apps, AuditLog audit, Runnable onAccessChange, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.onAccessChange = Objects.requireNonNull(onAccessChange, "onAccessChange");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public List<AppStore.Secret> list(long appId) {
        return database.read((Tx tx) -> apps.listSecrets(tx, appId));
    }

    /** A new secret for a web app; the others stop after {@code overlap} (zero: at once). Returns the secret in clear. */
    public String rotate(App app, Duration overlap, Long byAccountId, String ip) {
        if (!app.type().confidential()) throw new InvalidInputException("client secret: desktop apps are public clients and have none");
        if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw new InvalidInputException("old secret: can keep working for 0 to " + MAX_OVERLAP.toDays() + " days");
        }
        String secret = Secrets.newOpaque();
        long now = clock.millis();
        long oldUntil = now + overlap.toMillis();
        database.inTransaction((Tx tx) -> {
            long id = apps.addSecret(tx, app.id(), Secrets.hash(secret), now, null);
            apps.expireOtherSecrets(tx, app.id(), id, oldUntil);
            audit.record(tx, "app.secret_rotated", byAccountId, app.id(), ip, Map.of("old_secrets_until", oldUntil));
            return null;
        });
        onAccessChange.run();
        return secret;
    }
}
