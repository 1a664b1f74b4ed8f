package dev.rowgate.oauth.token;

/** Tokens in clear, as handed to the client once; refreshToken is null for the legacy desktop token. */
public record IssuedTokens(String accessToken, long expiresIn, String scope, String refreshToken) {}
