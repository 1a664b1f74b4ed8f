package dev.rowgate.grants;

import dev.rowgate.store.Tx;
import java.util.List;
import java.util.Optional;

/** Grants. At most one active grant per (account, app); revoking one is the caller's cue to revoke its tokens. */
public interface GrantStore {
    long insert(Tx tx, long accountId, long appId, String scope, Long monthlyCap, long now);

    Optional<Grant> findById(Tx tx, long id);

    Optional<Grant> findActive(Tx tx, long accountId, long appId);

    List<Grant> listByAccount(Tx tx, long accountId);

    /** How many users have an active grant to the app (its developer sees the number, never who). */
    long countActiveByApp(Tx tx, long appId);

    /** Sets or clears (null) the monthly row cap of an active grant. */
    boolean setCap(Tx tx, long grantId, Long monthlyCap, long now);

    /** Grants not revoked, over all accounts (the operator's dashboard). */
    long countActive(Tx tx);

    /** Marks the grant revoked; false when it was already revoked or does not exist. */
    boolean revoke(Tx tx, long grantId, long now);
}
