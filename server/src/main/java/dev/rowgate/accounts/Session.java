package dev.rowgate.accounts;

/** A browser session as stored: the SHA-256 of its cookie value, never the value itself. */
public record Session(String idHash, long accountId, String csrfToken, long createdAt, long expiresAt, long lastSeenAt) {}
