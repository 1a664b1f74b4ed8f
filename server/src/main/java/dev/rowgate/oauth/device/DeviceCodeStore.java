package dev.rowgate.oauth.device;

import dev.rowgate.cleanup.Expiring;
import dev.rowgate.store.Tx;

/** Device authorization codes (RFC 8628). The device flow itself comes with the authorization server; this is its storage. */
public interface DeviceCodeStore extends Expiring {
    long insert(Tx tx, String deviceCodeHash, String userCode, long appId, String scope, int intervalSeconds, long now, long expiresAt);

    long countPending(Tx tx);
}
