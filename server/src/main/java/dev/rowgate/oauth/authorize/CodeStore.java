package dev.rowgate.oauth.authorize;

import dev.rowgate.cleanup.Expiring;
import dev.rowgate.store.Tx;
import java.util.Optional;

/** Authorization codes (RFC 6749 §4.1.2): single use. */
public interface CodeStore extends Expiring {
    long insert(Tx tx, AuthorizationCode.New code);

    Optional<AuthorizationCode> findByHash(Tx tx, String codeHash);

    /**
     * Marks the code consumed with a conditional update. Returns false if it was already consumed; never throws for
     * that case. Two concurrent redemptions cannot both get true, on SQLite or on PostgreSQL.
     */
    boolean consume(Tx tx, long codeId, long now);
}
