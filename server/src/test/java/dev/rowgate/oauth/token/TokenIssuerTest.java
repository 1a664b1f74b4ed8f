package dev.rowgate.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.apps.App;
import dev.rowgate.grants.Grant;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenIssuerTest extends BothDatabases {

    /** Refresh families are UUIDv7 (RFC 9562 §5.7): later families sort after earlier ones, so their index grows at its end. */
    @Test
    void newFamiliesAreVersion7UuidsInTimeOrder() {
        Fixtures fixtures = new Fixtures(db(), stores());
        long grantId = fixtures.grant(fixtures.account(), fixtures.app(App.Type.WEB, "https://app.example/cb"));
        Grant grant = db().read((Tx tx) -> stores().grants().findById(tx, grantId)).orElseThrow();
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z").toEpochMilli());
        TokenIssuer issuer = new TokenIssuer(stores().tokens(), clock, Duration.ofHours(1), Duration.ofDays(30));

        List<String> families = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            IssuedTokens t = db().inTransaction((Tx tx) -> issuer.issuePair(tx, grant, null));
            families.add(db().read((Tx tx) -> Jdbc.one(tx, "SELECT family_id FROM tokens WHERE token_hash = ?", rs -> rs.getString(1),
                    dev.rowgate.oauth.Secrets.hash(t.refreshToken()))).orElseThrow());
            clock.advance(Duration.ofMillis(1));
        }

        assertThat(families).isSorted().doesNotHaveDuplicates();
        for (String family : families) {
            UUID id = UUID.fromString(family);
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.getMostSignificantBits() >>> 16).isBetween(clock.millis() - 5, clock.millis());
        }
    }
}
