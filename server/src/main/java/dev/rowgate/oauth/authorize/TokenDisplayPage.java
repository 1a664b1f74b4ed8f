package dev.rowgate.oauth.authorize;

/** Model of token-display.jte: the legacy desktop token shown once for apps without a callback. */
public record TokenDisplayPage(String appName, String token) {}
