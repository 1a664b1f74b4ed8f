package dev.rowgate.oauth.token;

import dev.rowgate.audit.AuditLog;
import dev.rowgate.grants.Grant;
import dev.rowgate.grants.GrantStore;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.client.AuthenticatedClient;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import dev.rowgate.web.Form;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code grant_type=refresh_token} (RFC 6749 §6) with rotation (RFC 9700 §4.14.2). Each refresh returns a new pair
 * and retires the old refresh token. Within the grace window a retry with the retired token returns the same new
 * pair (opened from its RotationSeal), so racing tabs and retries agree; after it, the retired token is taken as
 * stolen: {@code invalid_grant}, and its whole family is revoked.
 */
public final class RefreshTokenFlow implements TokenFlow {

    private final Database database;
    private final TokenStore tokens;
    private final GrantStore grants;
    private final TokenIssuer issuer;
    private final Revocations revocations;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration grace;

    public RefreshTokenFlow(Database database, TokenStore tokens, GrantStore grants, TokenIssuer issuer, Revocations revocations,
            AuditLog audit, Clock clock, Duration grace) {
        this.database = Objects.requireNonNull(database, "database");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    @Override
    public String grantType() {
        return "refresh_token";
    }

    private sealed interface Outcome {
        record Issued(IssuedTokens tokens) implements Outcome {}

        record Reused(Token token) implements Outcome {}

        /** A concurrent refresh rotated the token first; read its result. */
        record LostRace() implements Outcome {}
    }

    @Override
    public TokenResponse exchange(AuthenticatedClient client, Form form, String ip) {
        String presented = form.one("refresh_token");
        String scope = form.optional("scope");
        if (scope != null) {
            // RFC 6749 §6: the requested scope must not include any scope not originally granted.
            for (String s : scope.split(" ")) {
                if (!s.isEmpty() && !s.equals("api")) throw OAuthError.INVALID_SCOPE.because("scope " + s + " was not granted");
            }
        }
        if (!Secrets.looksLikeToken(presented)) throw OAuthError.INVALID_GRANT.because("malformed refresh token");
        for (int attempt = 0; attempt < 3; attempt++) {
            Outcome outcome = database.inTransaction((Tx tx) -> rotate(tx, client, presented));
            switch (outcome) {
                case Outcome.Issued issued -> {
                    return TokenResponse.bearer(issued.tokens());
                }
                case Outcome.Reused reused -> {
                    int revoked = revocations.revokeFamily(reused.token().familyId());
                    audit.record("refresh.reuse", reused.token().accountId(), reused.token().appId(), ip, Map.of("tokens_revoked", revoked,
                            "grant_id", reused.token().grantId()));
                    throw OAuthError.INVALID_GRANT.because("refresh token reused after rotation; family revoked");
                }
                case Outcome.LostRace lost -> {
                    // the winner has committed; the next attempt finds the token rotated and returns the same pair
                }
            }
        }
        throw OAuthError.INVALID_GRANT.because("refresh token could not be rotated");
    }

    private Outcome rotate(Tx tx, AuthenticatedClient client, String presented) {
        long now = clock.millis();
        TokenStore.TokenWithContext found = tokens.findWithContext(tx, Secrets.hash(presented))
                .orElseThrow(() -> OAuthError.INVALID_GRANT.because("unknown refresh token"));
        Token token = found.token();
        if (token.kind() != Token.Kind.REFRESH) throw OAuthError.INVALID_GRANT.because("not a refresh token");
        // RFC 6749 §6: the refresh token must have been issued to the authenticated client.
        if (token.appId() != client.app().id()) throw OAuthError.INVALID_GRANT.because("refresh token of another client");
        if (token.revokedAt() != null) throw OAuthError.INVALID_GRANT.because("refresh token revoked");
        if (!found.grantActive() || !found.accountActive()) throw OAuthError.INVALID_GRANT.because("grant revoked or account disabled");
        if (token.expiresAt() <= now) throw OAuthError.INVALID_GRANT.because("refresh token expired");
        if (token.rotatedAt() != null) {
            if (now - token.rotatedAt() > grace.toMillis()) return new Outcome.Reused(token);
            Optional<IssuedTokens> same = RotationSeal.open(presented, tokens.successorSealed(tx, token.id()));
            boolean successorAlive = same.flatMap(t -> tokens.findByHash(tx, Secrets.hash(t.refreshToken())))
                    .map(t -> t.revokedAt() == null).orElse(false);
            if (!successorAlive) throw OAuthError.INVALID_GRANT.because("refresh token rotated and its successor is gone");
            return new Outcome.Issued(same.get());
        }
        Grant grant = grants.findById(tx, token.grantId()).orElseThrow(() -> OAuthError.INVALID_GRANT.because("grant missing"));
        IssuedTokens next = issuer.mintPair(grant);
        // Claim the old token first (conditional update); only the winner of a race stores its pair.
        if (!tokens.markRotated(tx, token.id(), now, RotationSeal.seal(presented, next))) return new Outcome.LostRace();
        issuer.storeRotation(tx, next, token, grant);
        return new Outcome.Issued(next);
    }
}
