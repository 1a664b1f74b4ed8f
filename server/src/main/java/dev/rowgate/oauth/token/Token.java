package dev.rowgate.oauth.token;

/** An access or refresh token as stored: only its SHA-256 hash, linked to its grant, family and code. */
public record Token(
        long id, String tokenHash, Kind kind, long appId, long accountId, long grantId, String familyId, Long codeId,
        Long parentId, String scope, long createdAt, long expiresAt, Long revokedAt, Long rotatedAt) {

    public enum Kind { ACCESS, REFRESH }

    public record New(
            String tokenHash, Kind kind, long appId, long accountId, long grantId, String familyId, Long codeId,
            Long parentId, String scope, long createdAt, long expiresAt) {}

    public boolean usableAt(long now) {
        return revokedAt == null && expiresAt > now;
    }
}
