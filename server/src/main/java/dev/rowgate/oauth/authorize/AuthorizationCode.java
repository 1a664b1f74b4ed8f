package dev.rowgate.oauth.authorize;

/** An authorization code as stored: only its hash, bound to client, user, grant, redirect URI and PKCE challenge. */
public record AuthorizationCode(
        long id, String codeHash, long appId, long accountId, long grantId, String redirectUri, boolean redirectUriSent,
        String codeChallenge, String codeChallengeMethod, String scope, long createdAt, long expiresAt, Long consumedAt) {

    public record New(
            String codeHash, long appId, long accountId, long grantId, String redirectUri, boolean redirectUriSent,
            String codeChallenge, String codeChallengeMethod, String scope, long createdAt, long expiresAt) {}
}
