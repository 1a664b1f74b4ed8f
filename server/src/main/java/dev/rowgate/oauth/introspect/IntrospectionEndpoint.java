package dev.rowgate.oauth.introspect;

import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.lifecycle.SunsetPolicy;
import dev.rowgate.oauth.OAuthError;
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
 */
public final class IntrospectionEndpoint {

    private final ClientAuthenticator clients;
    private final Database database;
    private final TokenStore tokens;
    private final Clock clock;
    private final String issuer;
    private final SunsetPolicy sunsets;

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
        var found = Secrets.looksLikeToken(token) ? database.read(tx -> tokens.findWithContext(tx, Secrets.hash(token)))
                .filter(t -> t.usableAt(now)) : java.util.Optional.<TokenStore.TokenWithContext>empty();
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
}
