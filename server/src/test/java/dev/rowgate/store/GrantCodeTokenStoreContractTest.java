package dev.rowgate.store;

import dev.rowgate.store.Tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rowgate.apps.App;
import dev.rowgate.grants.Grant;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.authorize.AuthorizationCode;
import dev.rowgate.oauth.token.Token;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GrantCodeTokenStoreContractTest extends BothDatabases {

    private record Ids(long account, long app, long grant) {}

    private Ids grant() {
        Fixtures f = new Fixtures(db(), stores());
        long account = f.account();
        long app = f.app(App.Type.WEB);
        return new Ids(account, app, f.grant(account, app));
    }

    private long code(Ids ids, long expiresAt) {
        return db().inTransaction((Tx tx) -> stores().codes().insert(tx, new AuthorizationCode.New(Secrets.hash(Secrets.newOpaque()),
                ids.app(), ids.account(), ids.grant(), "https://client.example/cb", true, "challenge", "S256", "api", 1L, expiresAt)));
    }

    private long token(Ids ids, Token.Kind kind, String family, Long codeId, long expiresAt) {
        return db().inTransaction((Tx tx) -> stores().tokens().insert(tx, new Token.New(Secrets.hash(Secrets.newToken()), kind, ids.app(),
                ids.account(), ids.grant(), family, codeId, null, "api", 1L, expiresAt)));
    }

    @Test
    void oneActiveGrantPerAccountAndAppUntilRevoked() {
        Ids ids = grant();
        assertThatThrownBy(() -> db().inTransaction((Tx tx) -> stores().grants().insert(tx, ids.account(), ids.app(), "api", 50L, 2L)))
                .isInstanceOf(DuplicateKeyException.class);

        boolean revokedOnce = db().inTransaction((Tx tx) -> stores().grants().revoke(tx, ids.grant(), 3L));
        boolean revokedTwice = db().inTransaction((Tx tx) -> stores().grants().revoke(tx, ids.grant(), 4L));
        assertThat(revokedOnce).isTrue();
        assertThat(revokedTwice).isFalse();
        long again = db().inTransaction((Tx tx) -> stores().grants().insert(tx, ids.account(), ids.app(), "api", 50L, 5L));

        Grant active = db().read((Tx tx) -> stores().grants().findActive(tx, ids.account(), ids.app())).orElseThrow();
        assertThat(active.id()).isEqualTo(again);
        assertThat(active.monthlyCap()).isEqualTo(50L);
        List<Grant> all = db().read((Tx tx) -> stores().grants().listByAccount(tx, ids.account()));
        assertThat(all).hasSize(2);
        Grant revoked = db().read((Tx tx) -> stores().grants().findById(tx, ids.grant())).orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(3L);
    }

    @Test
    void codeIsFoundByHashWithEveryBinding() {
        Ids ids = grant();
        String hash = Secrets.hash("the-code-" + Fixtures.next());
        long id = db().inTransaction((Tx tx) -> stores().codes().insert(tx, new AuthorizationCode.New(hash, ids.app(), ids.account(),
                ids.grant(), "https://client.example/cb?x=1", false, null, null, "api", 10L, 70L)));

        Optional<AuthorizationCode> found = db().read((Tx tx) -> stores().codes().findByHash(tx, hash));
        assertThat(found).contains(new AuthorizationCode(id, hash, ids.app(),
                ids.account(), ids.grant(), "https://client.example/cb?x=1", false, null, null, "api", 10L, 70L, null));
        Optional<AuthorizationCode> other = db().read((Tx tx) -> stores().codes().findByHash(tx, Secrets.hash("other")));
        assertThat(other).isEmpty();
    }

    @Test
    void consumeWhenCodeAlreadyConsumedThenFalse() {
        long id = code(grant(), 10_000L);
        boolean first = db().inTransaction((Tx tx) -> stores().codes().consume(tx, id, 5L));
        boolean second = db().inTransaction((Tx tx) -> stores().codes().consume(tx, id, 6L));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
    }

    @Test
    void consumeWhenRacedByManyThreadsThenExactlyOneWins() throws Exception {
        long id = code(grant(), 10_000L);
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return db().inTransaction((Tx tx) -> stores().codes().consume(tx, id, 7L));
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> r : results) if (r.get()) winners++;
            assertThat(winners).isEqualTo(1);
        }
    }

    @Test
    void revokeByGrantCodeFamilyAppAndAccountTouchOnlyTheirTokens() {
        Ids a = grant();
        Ids b = grant();
        long codeId = code(a, 10_000L);
        long fromCode = token(a, Token.Kind.ACCESS, "fam-a", codeId, 10_000L);
        long sameFamily = token(a, Token.Kind.REFRESH, "fam-a", null, 10_000L);
        long otherFamily = token(a, Token.Kind.ACCESS, "fam-a2", null, 10_000L);
        long otherGrant = token(b, Token.Kind.ACCESS, "fam-b", null, 10_000L);

        assertThat((int) db().inTransaction((Tx tx) -> stores().tokens().revokeByCode(tx, codeId, 20L))).isEqualTo(1);
        assertThat((int) db().inTransaction((Tx tx) -> stores().tokens().revokeFamily(tx, "fam-a", 21L))).isEqualTo(1); // fromCode already revoked
        assertThat(revokedAt(fromCode)).isEqualTo(20L);
        assertThat(revokedAt(sameFamily)).isEqualTo(21L);
        assertThat(revokedAt(otherFamily)).isNull();

        assertThat((int) db().inTransaction((Tx tx) -> stores().tokens().revokeByGrant(tx, a.grant(), 22L))).isEqualTo(1);
        assertThat(revokedAt(otherFamily)).isEqualTo(22L);
        assertThat(revokedAt(otherGrant)).isNull();

        assertThat((int) db().inTransaction((Tx tx) -> stores().tokens().revokeByApp(tx, b.app(), 23L))).isEqualTo(1);
        assertThat(revokedAt(otherGrant)).isEqualTo(23L);
        assertThat((int) db().inTransaction((Tx tx) -> stores().tokens().revokeByAccount(tx, b.account(), 24L))).isZero();
    }

    @Test
    void revokeByHashAndUsability() {
        Ids ids = grant();
        String plain = Secrets.newToken();
        db().inTransaction((Tx tx) -> stores().tokens().insert(tx, new Token.New(Secrets.hash(plain), Token.Kind.ACCESS, ids.app(),
                ids.account(), ids.grant(), "f", null, null, "api", 1L, 1_000L)));

        Token t = db().read((Tx tx) -> stores().tokens().findByHash(tx, Secrets.hash(plain))).orElseThrow();
        assertThat(t.usableAt(999L)).isTrue();
        assertThat(t.usableAt(1_000L)).isFalse();

        assertThat((int) db().inTransaction((Tx tx) -> stores().tokens().revokeByHash(tx, Secrets.hash(plain), 5L))).isEqualTo(1);
        Token revoked = db().read((Tx tx) -> stores().tokens().findByHash(tx, Secrets.hash(plain))).orElseThrow();
        assertThat(revoked.usableAt(6L)).isFalse();
    }

    private Long revokedAt(long tokenId) {
        List<Long> rows = db().read((Tx tx) -> Jdbc.query(tx, "SELECT revoked_at FROM tokens WHERE id = ?",
                rs -> Jdbc.nullableLong(rs, "revoked_at"), tokenId));
        assertThat(rows).as("token %d exists", tokenId).hasSize(1);
        return rows.getFirst();
    }
}
