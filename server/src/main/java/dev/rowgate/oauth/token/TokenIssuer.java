package dev.rowgate.oauth.token;

import dev.rowgate.grants.Grant;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints tokens: 40 lower-case hex characters from a CSPRNG, stored as SHA-256 hashes, each linked to its grant, its
 * refresh family and the code it came from, so that revoking a grant, a family or a code is one statement.
 */
public final class TokenIssuer {

    private final TokenStore tokens;
    private final Clock clock;
    private final Duration accessTtl;
    private final Duration refreshTtl;

    public TokenIssuer(TokenStore tokens, Clock clock, Duration accessTtl, Duration refreshTtl) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accessTtl = Objects.requireNonNull(accessTtl, "accessTtl");
        this.refreshTtl = Objects.requireNonNull(refreshTtl, "refreshTtl");
    }

    /** A new family: an access token and a refresh token (authorization code and device code grants). */
    public IssuedTokens issuePair(Tx tx, Grant grant, Long codeId) {
        IssuedTokens t = mint(grant, accessTtl, true);
        store(tx, t, grant, newFamilyId(), codeId, null);
        return t;
    }

    /** An access token alone, with its own lifetime (the legacy desktop flow). */
    public IssuedTokens issueAccessOnly(Tx tx, Grant grant, Duration ttl) {
        IssuedTokens t = mint(grant, ttl, false);
        store(tx, t, grant, newFamilyId(), null, null);
        return t;
    }

    /**
     * New token strings, not yet stored: refresh rotation seals them and claims the old token before it stores them
     * ({@link #storeRotation}), so that a refresh that loses a race writes nothing.
     */
    public IssuedTokens mintPair(Grant grant) {
        return mint(grant, accessTtl, true);
    }

    /** Stores a rotation's pair in the family of the token it replaces; the code link is carried so a code replay still reaches it. */
    public void storeRotation(Tx tx, IssuedTokens t, Token previous, Grant grant) {
        store(tx, t, grant, previous.familyId(), previous.codeId(), previous.id());
    }

    private static IssuedTokens mint(Grant grant, Duration ttl, boolean withRefresh) {
        return new IssuedTokens(Secrets.newToken(), ttl.toSeconds(), grant.scope(), withRefresh ? Secrets.newToken() : null);
    }

    private void store(Tx tx, IssuedTokens t, Grant grant, String familyId, Long codeId, Long parentId) {
        long now = clock.millis();
        tokens.insert(tx, new Token.New(Secrets.hash(t.accessToken()), Token.Kind.ACCESS, grant.appId(), grant.accountId(), grant.id(),
                familyId, codeId, parentId, grant.scope(), now, now + t.expiresIn() * 1000));
        if (t.refreshToken() != null) {
            tokens.insert(tx, new Token.New(Secrets.hash(t.refreshToken()), Token.Kind.REFRESH, grant.appId(), grant.accountId(), grant.id(),
                    familyId, codeId, parentId, grant.scope(), now, now + refreshTtl.toMillis()));
        }
    }

    /**
     * A new refresh family's id: a UUID version 7 (RFC 9562 §5.7: the Unix time in milliseconds, then random bits),
     * so that new families sort last and their index on SQLite grows at its end instead of touching a random leaf page
     * with every token (each such page is a 4 KiB write at commit). The id is never shown; only its uniqueness matters.
     */
    private String newFamilyId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long mostSignificant = (clock.millis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant).toString();
    }

    public Duration accessTtl() {
        return accessTtl;
    }
}
