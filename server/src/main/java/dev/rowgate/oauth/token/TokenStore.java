package dev.rowgate.oauth.token;

import dev.rowgate.cleanup.Expiring;
import dev.rowgate.store.Tx;
import java.util.Optional;

/** Access and refresh tokens. Each revoke* returns how many tokens it newly revoked (already revoked ones are not counted). */
public interface TokenStore extends Expiring {
    long insert(Tx tx, Token.New token);

    Optional<Token> findByHash(Tx tx, String tokenHash);

    int revokeByHash(Tx tx, String tokenHash, long now);

    /**
     * Marks a refresh token rotated and stores its sealed successor, with a conditional update: false when the token
     * was rotated or revoked meanwhile (a concurrent refresh won). Never throws for that case.
     */
    boolean markRotated(Tx tx, long tokenId, long now, byte[] successorSealed);

    /** The sealed successor of a rotated refresh token (RotationSeal), or null. */
    byte[] successorSealed(Tx tx, long tokenId);

    /** Access token plus its grant, app and account state in one read: what bearer validation needs. */
    java.util.Optional<TokenWithContext> findWithContext(Tx tx, String tokenHash);

    /** A token joined with whether its grant, app and account still allow use. */
    record TokenWithContext(Token token, boolean grantActive, boolean appApproved, boolean accountActive, String clientId, String email) {
        public boolean usableAt(long now) {
            return token.usableAt(now) && token.rotatedAt() == null && grantActive && appApproved && accountActive;
        }
    }

    int revokeByGrant(Tx tx, long grantId, long now);

    int revokeByCode(Tx tx, long codeId, long now);

    int revokeFamily(Tx tx, String familyId, long now);

    int revokeByApp(Tx tx, long appId, long now);

    int revokeByAccount(Tx tx, long accountId, long now);
}
