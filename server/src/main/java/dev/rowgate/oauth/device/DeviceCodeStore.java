package dev.rowgate.oauth.device;

import dev.rowgate.cleanup.Expiring;
import dev.rowgate.store.Tx;
import java.util.Optional;

/** Device authorization codes (RFC 8628). User codes are stored normalized: 8 letters, no dash. */
public interface DeviceCodeStore extends Expiring {
    long insert(Tx tx, String deviceCodeHash, String userCode, long appId, String scope, int intervalSeconds, long now, long expiresAt);

    long countPending(Tx tx);

    Optional<DeviceCode> findByDeviceCodeHash(Tx tx, String hash);

    Optional<DeviceCode> findByUserCode(Tx tx, String userCode);

    /** Pending to approved (or denied, grantId null); false when no longer pending. */
    boolean decide(Tx tx, long id, DeviceCode.Status decision, long accountId, Long grantId);

    /** Records a poll, and the interval the client must keep from now on (RFC 8628 §3.5 slow_down adds 5 s). */
    void polled(Tx tx, long id, long now, int intervalSeconds);

    /** Approved to consumed, conditionally: exactly one poll gets the tokens. */
    boolean consume(Tx tx, long id);
}
