package dev.rowgate.cleanup;

import dev.rowgate.store.Tx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.apps.App;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.authorize.AuthorizationCode;
import dev.rowgate.oauth.token.Token;
import dev.rowgate.store.Jdbc;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CleanupJobTest extends BothDatabases {

    private static final long NOW = 1_000_000_000L;
    private static final Duration RETENTION = Duration.ofHours(1);

    @Test
    void runOnceWhenBacklogExceedsBatchThenDeletesAllExpiredInBatchesAndKeepsTheRest() {
        Fixtures f = new Fixtures(db(), stores());
        long account = f.account();
        long app = f.app(App.Type.WEB);
        long grant = f.grant(account, app);
        long longExpired = NOW - RETENTION.toMillis() - 1;
        long recentlyExpired = NOW - 1_000; // expired, but inside the retention window: kept for replay detection
        long live = NOW + 60_000;

        db().inTransaction((Tx tx) -> {
            for (int i = 0; i < 1_234; i++) {
                stores().tokens().insert(tx, new Token.New(Secrets.hash("t" + i + "-" + Fixtures.next()), Token.Kind.ACCESS, app, account,
                        grant, "f", null, null, "api", 1L, longExpired));
            }
            for (long exp : new long[] {recentlyExpired, live}) {
                stores().tokens().insert(tx, new Token.New(Secrets.hash("keep" + exp + Fixtures.next()), Token.Kind.REFRESH, app, account,
                        grant, "f", null, null, "api", 1L, exp));
            }
            for (int i = 0; i < 300; i++) {
                stores().codes().insert(tx, new AuthorizationCode.New(Secrets.hash("c" + i + "-" + Fixtures.next()), app, account, grant,
                        "https://client.example/cb", true, null, null, "api", 1L, longExpired));
                stores().deviceCodes().insert(tx, Secrets.hash("d" + i + "-" + Fixtures.next()), "U" + Fixtures.next(), app, "api", 5, 1L,
                        longExpired);
            }
            stores().codes().insert(tx, new AuthorizationCode.New(Secrets.hash("live-code" + Fixtures.next()), app, account, grant,
                    "https://client.example/cb", true, null, null, "api", 1L, live));
            return null;
        });
        CleanupJob job = new CleanupJob(db(), stores().expiring(), new MutableClock(NOW), Duration.ofMinutes(1), RETENTION, 500, null);

        Map<String, Integer> deleted = job.runOnce();

        assertThat(deleted).containsEntry("tokens", 1_234).containsEntry("authorization_codes", 300).containsEntry("device_codes", 300);
        assertThat(count("tokens", grant)).isEqualTo(2);
        assertThat(count("authorization_codes", grant)).isEqualTo(1);
        assertThat(db().read((Tx tx) -> Jdbc.count(tx, "SELECT count(*) FROM device_codes WHERE app_id = ?", app))).isZero();
        assertThat(job.runOnce()).containsEntry("tokens", 0);
    }

    @Test
    void runOnceWhenTimePassesThenRowsLeaveOnlyAfterRetention() {
        Fixtures f = new Fixtures(db(), stores());
        long account = f.account();
        long app = f.app(App.Type.WEB);
        long grant = f.grant(account, app);
        db().inTransaction((Tx tx) -> stores().tokens().insert(tx, new Token.New(Secrets.hash("x" + Fixtures.next()), Token.Kind.ACCESS, app,
                account, grant, "f", null, null, "api", 1L, NOW)));
        MutableClock clock = new MutableClock(NOW);
        CleanupJob job = new CleanupJob(db(), stores().expiring(), clock, Duration.ofMinutes(1), RETENTION, 10, null);

        clock.advance(RETENTION);
        job.runOnce();
        assertThat(count("tokens", grant)).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        job.runOnce();
        assertThat(count("tokens", grant)).isZero();
    }

    private long count(String table, long grant) {
        return db().read((Tx tx) -> Jdbc.count(tx, "SELECT count(*) FROM " + table + " WHERE grant_id = ?", grant));
    }
}
