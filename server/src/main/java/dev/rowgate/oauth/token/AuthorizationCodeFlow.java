package dev.rowgate.oauth.token;

import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.AccountStore;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.grants.Grant;
import dev.rowgate.grants.GrantStore;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.authorize.AuthorizationCode;
import dev.rowgate.oauth.authorize.CodeStore;
import dev.rowgate.oauth.client.AuthenticatedClient;
import dev.rowgate.oauth.pkce.Pkce;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import dev.rowgate.web.Form;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/** {@code grant_type=authorization_code} (RFC 6749 §4.1.3, RFC 7636 §4.6). */
public final class AuthorizationCodeFlow implements TokenFlow {

    private final Database database;
    private final CodeStore codes;
    private final GrantStore grants;
    private final TokenStore tokens;
    private final TokenIssuer issuer;
    private final Revocations revocations;
    private final AuditLog audit;
    private final AccountStore accounts;
    private final Clock clock;

    public AuthorizationCodeFlow(Database database, CodeStore codes, GrantStore grants, TokenStore tokens, TokenIssuer issuer,
            Revocations revocations, AuditLog audit, AccountStore accounts, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String grantType() {
        return "authorization_code";
    }

    private sealed interface Outcome {
        record Issued(IssuedTokens tokens) implements Outcome {}

        record Replayed(AuthorizationCode code) implements Outcome {}
    }

    @Override
    public TokenResponse exchange(AuthenticatedClient client, Form form, String ip) {
        String code = form.one("code");
        String redirectUri = form.optional("redirect_uri");
        String verifier = form.optional("code_verifier");
        long now = clock.millis();
        Outcome outcome = database.inTransaction((Tx tx) -> {
            AuthorizationCode stored = codes.findByHash(tx, Secrets.hash(code))
                    .orElseThrow(() -> OAuthError.INVALID_GRANT.because("code not found"));
            // RFC 6749 §4.1.3: ensure that the authorization code was issued to the authenticated client.
            if (stored.appId() != client.app().id()) throw OAuthError.INVALID_GRANT.because("code was issued to another client");
            if (stored.consumedAt() != null) return new Outcome.Replayed(stored);
            if (stored.expiresAt() <= now) throw OAuthError.INVALID_GRANT.because("code expired");
            // §4.1.3: redirect_uri is required if it was included in the authorization request, and must be identical;
            // integration-protocol.md also requires it when the app has several.
            boolean required = stored.redirectUriSent() || client.app().redirectUris().size() > 1;
            if (required && redirectUri == null) throw OAuthError.INVALID_GRANT.because("redirect_uri missing");
            if (redirectUri != null && !redirectUri.equals(stored.redirectUri())) throw OAuthError.INVALID_GRANT.because("redirect_uri mismatch");
            if (stored.codeChallenge() != null) {
                if (!Pkce.verify(verifier, stored.codeChallenge())) throw OAuthError.INVALID_GRANT.because("code_verifier does not match");
            } else if (verifier != null) {
                // RFC 9700 §2.1.1: a verifier without a challenge in the authorization request is a PKCE downgrade.
                throw OAuthError.INVALID_GRANT.because("code_verifier sent but no code_challenge was");
            }
            if (!codes.consume(tx, stored.id(), now)) return new Outcome.Replayed(stored);
            Grant grant = grants.findById(tx, stored.grantId()).filter(Grant::active)
                    .orElseThrow(() -> OAuthError.INVALID_GRANT.because("grant revoked"));
            // An operator disabled the account after the user allowed the app: no tokens (RFC 6749 §5.2 invalid_grant).
            if (accounts.findById(tx, grant.accountId()).filter(a -> a.status() == Account.Status.ACTIVE).isEmpty()) {
                throw OAuthError.INVALID_GRANT.because("account disabled");
            }
            return new Outcome.Issued(issuer.issuePair(tx, grant, stored.id()));
        });
        return switch (outcome) {
            case Outcome.Issued issued -> TokenResponse.bearer(issued.tokens());
            case Outcome.Replayed replayed -> {
                // RFC 6749 §4.1.2: SHOULD revoke all tokens previously issued based on that code. In its own
                // transaction: throwing inside the first one would roll the revocation back.
                int revoked = revocations.revokeByCode(replayed.code().id());
                audit.record("code.replay", replayed.code().accountId(), replayed.code().appId(), ip, Map.of("tokens_revoked", revoked));
                throw OAuthError.INVALID_GRANT.because("authorization code already used");
            }
        };
    }
}
