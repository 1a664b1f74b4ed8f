package dev.rowgate.accounts;

/** A personal API key: direct API access that spends the account's API rows (rows.md). Only its SHA-256 is stored. */
public record ApiKey(long id, long accountId, String name, long createdAt, Long revokedAt, Long lastUsedAt) {}
