package dev.rowgate.oauth.revoke;

import dev.rowgate.audit.AuditLog;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.client.AuthenticatedClient;
import dev.rowgate.oauth.client.ClientAuthenticator;
import dev.rowgate.oauth.token.Revocations;
import dev.rowgate.oauth.token.Token;
import dev.rowgate.oauth.token.TokenStore;
import dev.rowgate.store.Database;
import dev.rowgate.web.Form;
import dev.rowgate.web.NoStore;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /oauth2/revoke} (RFC 7009). A client revokes its own access or refresh token; revoking a refresh token
 * also revokes the access tokens of its family (§2.1). An unknown or already invalid token is answered 200 as
 * well (§2.2): the client cannot learn anything from the answer.
 */
public final class RevocationEndpoint {

    private final ClientAuthenticator clients;
    private final Database database;
    private final TokenStore tokens;
    private final Revocations revocations;
    private final AuditLog audit;

    public RevocationEndpoint(ClientAuthenticator clients, Database database, TokenStore tokens, Revocations revocations, AuditLog audit) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.database = Objects.requireNonNull(database, "database");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public void handle(Context ctx) {
        NoStore.apply(ctx);
        Form form = Form.body(ctx);
        AuthenticatedClient client = clients.authenticate(ctx, form);
        String token = form.one("token");
        form.optional("token_type_hint"); // §2.1: a hint only; any value is accepted and the search covers both kinds
        var found = Secrets.looksLikeToken(token) ? database.read(tx -> tokens.findByHash(tx, Secrets.hash(token))) : java.util.Optional.<Token>empty();
        if (found.isPresent()) {
            Token t = found.get();
            // §2.1: the server verifies the token was issued to the client making the request, else refuses.
            if (t.appId() != client.app().id()) throw OAuthError.UNAUTHORIZED_CLIENT.because("token belongs to another client");
            int n = t.kind() == Token.Kind.REFRESH ? revocations.revokeFamily(t.familyId()) : revocations.revokeToken(t.tokenHash());
            if (n > 0) audit.record("token.revoked", t.accountId(), t.appId(), ctx.ip(), Map.of("kind", t.kind().name().toLowerCase(), "tokens", n));
        }
        ctx.status(200).result("");
    }
}
