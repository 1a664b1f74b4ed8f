package dev.rowgate.oauth.device;

/** A device authorization as stored (RFC 8628): the device code's hash, the user code, and where the user is with it. */
public record DeviceCode(
        long id, String deviceCodeHash, String userCode, long appId, String scope, Status status, Long accountId, Long grantId,
        int intervalSeconds, Long lastPolledAt, long createdAt, long expiresAt) {

    public enum Status { PENDING, APPROVED, DENIED, CONSUMED }
}
