package dev.rowgate.oauth.introspect;

import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.lifecycle.SunsetPolicy;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.RecentAnswers;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.client.AuthenticatedClient;
import dev.rowgate.oauth.client.ClientAuthenticator;
import dev.rowgate.oauth.token.Token;
import dev.rowgate.oauth.token.TokenStore;
import dev.rowgate.store.Database;
import dev.rowgate.web.Form;
import dev.rowgate.web.NoStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /oauth2/introspect} (RFC 7662) for resource servers. The caller authenticates as a confidential client
 * (§2.1: the endpoint MUST require authorization); like Keycloak, any approved confidential client may introspect any
 * token. An unknown, expired, revoked or rotated token is just {@code {"active":false}} (§2.2), and so is one of a
 * suspended app or a disabled account, or any app's token after the operator's sunset of integration apps.
 *
 * <p>An active access token's answer is kept for at most {@link #MAX_AGE_MS} ms, as the bearer check keeps it: a
 * resource server introspects the same token at every call it serves. A revocation, suspension or disabled account
 * drops it at once ({@link #forget}, through {@code AccessChanges}); refresh tokens, which rotation ends without such
 * a notice, are looked up every time.
 */
public final class IntrospectionEndpoint {

    static final long MAX_AGE_MS = 1_000;

    private final ClientAuthenticator clients;
    private final Database database;
    private final TokenStore tokens;
    private final Clock clock;
    private final String issuer;
    private final SunsetPolicy sunsets;
    private final RecentAnswers<TokenStore.TokenWithContext> activeAccessTokens = new RecentAnswers<>(100_000);

    public IntrospectionEndpoint(ClientAuthenticator clients, Database database, TokenStore tokens, Clock clock, String issuer,
            SunsetPolicy sunsets) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.database = Objects.requireNonNull(database, "database");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.sunsets = Objects.requireNonNull(sunsets, "sunsets");
    }

    public void handle(Context ctx) {
        NoStore.apply(ctx);
        Form form = Form.body(ctx);
        AuthenticatedClient client = clients.authenticate(ctx, form);
        if (!client.app().type().confidential()) throw OAuthError.INVALID_CLIENT.because("introspection needs a confidential client");
        String token = form.one("token");
        form.optional("token_type_hint");
        long now = clock.millis();
        var found = Secrets.looksLikeToken(token) ? find(Secrets.hash(token), now) : java.util.Optional.<TokenStore.TokenWithContext>empty();
        // After the sunset of integration apps their tokens no longer open any API (integration-protocol.md Lifecycle).
        if (found.isPresent() && sunsets.ended(Lifecycle.AccessPath.INTEGRATION_APPS)) found = java.util.Optional.empty();
        Map<String, Object> body = new LinkedHashMap<>();
        if (found.isEmpty()) {
            body.put("active", false);
        } else {
            Token t = found.get().token();
            body.put("active", true);
            body.put("scope", t.scope());
            body.put("client_id", found.get().clientId());
            body.put("username", found.get().email());
            body.put("token_type", t.kind() == Token.Kind.ACCESS ? "bearer" : "refresh_token");
            body.put("exp", t.expiresAt() / 1000);
            body.put("iat", t.createdAt() / 1000);
            body.put("sub", Long.toString(t.accountId()));
            body.put("iss", issuer);
        }
        ctx.json(body);
    }

    /** Forgets every kept answer: credentials may have stopped working. */
    public void forget() {
        activeAccessTokens.clear();
    }

    private java.util.Optional<TokenStore.TokenWithContext> find(String hash, long now) {
        TokenStore.TokenWithContext kept = activeAccessTokens.get(hash, now);
        if (kept != null) return java.util.Optional.of(kept);
        long generation = activeAccessTokens.generation();
        var found = database.read(tx -> tokens.findWithContext(tx, hash)).filter(t -> t.usableAt(now));
        found.filter(t -> t.token().kind() == Token.Kind.ACCESS)
                .ifPresent(t -> activeAccessTokens.put(hash, t, Math.min(now + MAX_AGE_MS, t.token().expiresAt()), generation));
        return found;
    }
}
