package dev.rowgate.accounts;

import dev.rowgate.InvalidInputException;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.util.Objects;

/**
 * Personal API keys: created with a name and shown once (40 lower-case hex characters, like tokens, stored as
 * SHA-256), revoked at any time. Used by the CLI now and the account pages later.
 */
public final class ApiKeys {

    /** A new key: the stored record and the key in clear, to show once. */
    public record Created(ApiKey key, String secret) {}

    private final Database database;
    private final ApiKeyStore keys;
    private final Runnable onRevoke;
    private final Clock clock;

    public ApiKeys(Database database, ApiKeyStore keys, Runnable onRevoke, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.onRevoke = Objects.requireNonNull(onRevoke, "onRevoke");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Created create(long accountId, String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100) throw new InvalidInputException("name: must be 1 to 100 characters");
        String secret = Secrets.newToken();
        long now = clock.millis();
        long id = database.inTransaction((Tx tx) -> keys.insert(tx, accountId, n, Secrets.hash(secret), now));
        return new Created(new ApiKey(id, accountId, n, now, null, null), secret);
    }

    public boolean revoke(long accountId, long keyId) {
        boolean done = database.inTransaction((Tx tx) -> keys.revoke(tx, keyId, accountId, clock.millis()));
        if (done) onRevoke.run();
        return done;
    }
}
