package dev.rowgate.oauth.token;

import dev.rowgate.cleanup.Expiring;
import dev.rowgate.store.Tx;
import java.util.Optional;

/** Access and refresh tokens. Each revoke* returns how many tokens it newly revoked (already revoked ones are not counted). */
public interface TokenStore extends Expiring {
    long insert(Tx tx, Token.New token);

    Optional<Token> findByHash(Tx tx, String tokenHash);

    int revokeByHash(Tx tx, String tokenHash, long now);

    int revokeByGrant(Tx tx, long grantId, long now);

    int revokeByCode(Tx tx, long codeId, long now);

    int revokeFamily(Tx tx, String familyId, long now);

    int revokeByApp(Tx tx, long appId, long now);

    int revokeByAccount(Tx tx, long accountId, long now);
}
