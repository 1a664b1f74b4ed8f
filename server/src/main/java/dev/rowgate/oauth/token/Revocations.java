package dev.rowgate.oauth.token;

import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.util.Objects;

/**
 * Every way tokens stop working, each one statement in its own transaction, followed by dropping the local bearer
 * cache so this node refuses the tokens at once (other nodes within the cache's lifetime, 1 s).
 */
public final class Revocations {

    private final Database database;
    private final TokenStore tokens;
    private final Clock clock;
    private final Runnable onRevoke;

    public Revocations(Database database, TokenStore tokens, Clock clock, Runnable onRevoke) {
        this.database = Objects.requireNonNull(database, "database");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onRevoke = Objects.requireNonNull(onRevoke, "onRevoke");
    }

    public int revokeByCode(long codeId) {
        return run((Tx tx) -> tokens.revokeByCode(tx, codeId, clock.millis()));
    }

    public int revokeFamily(String familyId) {
        return run((Tx tx) -> tokens.revokeFamily(tx, familyId, clock.millis()));
    }

    public int revokeToken(String tokenHash) {
        return run((Tx tx) -> tokens.revokeByHash(tx, tokenHash, clock.millis()));
    }

    public int revokeGrant(long grantId) {
        return run((Tx tx) -> tokens.revokeByGrant(tx, grantId, clock.millis()));
    }

    /** Drops the bearer cache after a revocation made elsewhere (a grant revoked with its tokens in one transaction). */
    public void revokedElsewhere() {
        onRevoke.run();
    }

    private int run(Database.TxFunction<Integer> revoke) {
        int n = database.inTransaction(revoke);
        onRevoke.run();
        return n;
    }
}
