package dev.rowgate.grants;

/** A user's standing consent to one app (rows.md), optionally with a monthly row cap. Times in epoch ms. */
public record Grant(long id, long accountId, long appId, String scope, Long monthlyCap, long createdAt, Long revokedAt, Long lastUsedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
