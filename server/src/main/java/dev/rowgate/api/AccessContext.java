package dev.rowgate.api;

/** Who a valid access token acts for: the user (account), the app, and the grant that ties them (rows.md). */
public record AccessContext(long accountId, long appId, long grantId, String scope, long expiresAt, long tokenId) {}
