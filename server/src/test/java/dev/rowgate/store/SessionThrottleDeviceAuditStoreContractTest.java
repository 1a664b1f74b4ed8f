package dev.rowgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.accounts.Session;
import dev.rowgate.accounts.ThrottleStore;
import dev.rowgate.apps.App;
import dev.rowgate.audit.AuditEvent;
import dev.rowgate.oauth.device.DeviceCode;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionThrottleDeviceAuditStoreContractTest extends BothDatabases {

    @Test
    void sessionsAreFoundByHashTouchedDeletedAndExpire() {
        long account = new Fixtures(db(), stores()).account();
        String hash = "session-" + Fixtures.next();
        Session s = new Session(hash, account, "csrf-token", 10L, 1_000L, 10L);
        db().inTransaction((Tx tx) -> {
            stores().sessions().insert(tx, s, "203.0.113.9");
            stores().sessions().insert(tx, new Session("other-" + Fixtures.next(), account, "c2", 10L, 1_000L, 10L), null);
            return null;
        });

        assertThat(db().read((Tx tx) -> stores().sessions().find(tx, hash))).contains(s);
        db().inTransaction((Tx tx) -> {
            stores().sessions().touch(tx, hash, 500L);
            return null;
        });
        Optional<Session> touched = db().read((Tx tx) -> stores().sessions().find(tx, hash));
        assertThat(touched).get().extracting(Session::lastSeenAt).isEqualTo(500L);

        int expired = db().inTransaction((Tx tx) -> stores().sessions().deleteExpired(tx, 1_001L, 1));
        assertThat(expired).isEqualTo(1);
        int byAccount = db().inTransaction((Tx tx) -> stores().sessions().deleteByAccount(tx, account));
        assertThat(byAccount).isEqualTo(1);
        Optional<Session> gone = db().read((Tx tx) -> stores().sessions().find(tx, hash));
        assertThat(gone).isEmpty();
    }

    @Test
    void throttleCountsFailuresAtomicallyLocksAndClears() {
        String key = "account:x" + Fixtures.next() + "@example.com";
        ThrottleStore.State none = db().read((Tx tx) -> stores().throttle().get(tx, key));
        assertThat(none).isEqualTo(new ThrottleStore.State(0, 0));

        int first = db().inTransaction((Tx tx) -> stores().throttle().recordFailure(tx, key, 5L));
        int second = db().inTransaction((Tx tx) -> stores().throttle().recordFailure(tx, key, 6L));
        db().inTransaction((Tx tx) -> {
            stores().throttle().lockUntil(tx, key, 99L);
            return null;
        });

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        ThrottleStore.State locked = db().read((Tx tx) -> stores().throttle().get(tx, key));
        assertThat(locked).isEqualTo(new ThrottleStore.State(2, 99L));
        db().inTransaction((Tx tx) -> {
            stores().throttle().clear(tx, key);
            return null;
        });
        ThrottleStore.State cleared = db().read((Tx tx) -> stores().throttle().get(tx, key));
        assertThat(cleared.failures()).isZero();
    }

    @Test
    void deviceCodesMoveFromPendingToDecidedToConsumedOnce() {
        Fixtures f = new Fixtures(db(), stores());
        long app = f.app(App.Type.DESKTOP, "http://127.0.0.1/cb");
        long account = f.account();
        long grant = f.grant(account, app);
        String userCode = ("BCDFGHJK" + Fixtures.next()).substring(0, 8);
        long id = db().inTransaction((Tx tx) -> stores().deviceCodes().insert(tx, "dc-" + Fixtures.next(), userCode, app, "api", 5, 1L, 600_000L));

        DeviceCode pending = db().read((Tx tx) -> stores().deviceCodes().findByUserCode(tx, userCode)).orElseThrow();
        assertThat(pending.status()).isEqualTo(DeviceCode.Status.PENDING);
        assertThat(pending.intervalSeconds()).isEqualTo(5);
        db().inTransaction((Tx tx) -> {
            stores().deviceCodes().polled(tx, id, 7L, 10);
            return null;
        });
        boolean approved = db().inTransaction((Tx tx) -> stores().deviceCodes().decide(tx, id, DeviceCode.Status.APPROVED, account, grant));
        boolean decidedTwice = db().inTransaction((Tx tx) -> stores().deviceCodes().decide(tx, id, DeviceCode.Status.DENIED, account, null));
        boolean consumed = db().inTransaction((Tx tx) -> stores().deviceCodes().consume(tx, id));
        boolean consumedTwice = db().inTransaction((Tx tx) -> stores().deviceCodes().consume(tx, id));

        assertThat(approved).isTrue();
        assertThat(decidedTwice).isFalse();
        assertThat(consumed).isTrue();
        assertThat(consumedTwice).isFalse();
        DeviceCode after = db().read((Tx tx) -> stores().deviceCodes().findByDeviceCodeHash(tx, pending.deviceCodeHash())).orElseThrow();
        assertThat(after.status()).isEqualTo(DeviceCode.Status.CONSUMED);
        assertThat(after.grantId()).isEqualTo(grant);
        assertThat(after.lastPolledAt()).isEqualTo(7L);
        assertThat(after.intervalSeconds()).isEqualTo(10);
    }

    @Test
    void auditEventsKeepTheirDetailAndFilterNewestFirst() {
        long account = new Fixtures(db(), stores()).account();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("grant_id", 7);
        detail.put("monthly_cap", null);
        db().inTransaction((Tx tx) -> {
            stores().audit().insert(tx, new AuditEvent(1L, "consent.granted", account, 3L, "198.51.100.1", detail));
            stores().audit().insert(tx, new AuditEvent(2L, "login.success", account, null, "198.51.100.1", Map.of()));
            return null;
        });

        List<AuditEvent> all = db().read((Tx tx) -> stores().audit().list(tx, null, account, null, 10));
        List<AuditEvent> consents = db().read((Tx tx) -> stores().audit().list(tx, "consent.granted", account, 3L, 10));

        assertThat(all).extracting(AuditEvent::event).containsExactly("login.success", "consent.granted");
        assertThat(consents).singleElement().satisfies(e -> {
            assertThat(e.detail()).containsEntry("grant_id", 7).containsEntry("monthly_cap", null);
            assertThat(e.ip()).isEqualTo("198.51.100.1");
        });
    }
}
