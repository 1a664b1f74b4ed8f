package dev.rowgate.oauth.authorize;

import java.util.Map;

/**
 * Model of consent.jte: the app and its developer, what it asks (to spend the user's API rows), the user's remaining
 * integration rows, the optional monthly cap, and the authorization request carried in hidden fields.
 */
public record ConsentPage(
        String appName, String developer, String email, String rowsLeft, String redirectHost, String cap, String csrf,
        Map<String, String> hidden) {}
