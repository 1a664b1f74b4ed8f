package dev.rowgate.accounts;

import dev.rowgate.store.Tx;
import java.util.List;
import java.util.Optional;

public interface ApiKeyStore {
    long insert(Tx tx, long accountId, String name, String keyHash, long now);

    List<ApiKey> listByAccount(Tx tx, long accountId);

    /** The key of this hash, if it is not revoked and its account is active. */
    Optional<ApiKey> findUsable(Tx tx, String keyHash);

    /** Revokes one of the account's keys; false when it is not the account's or already revoked. */
    boolean revoke(Tx tx, long keyId, long accountId, long now);
}
