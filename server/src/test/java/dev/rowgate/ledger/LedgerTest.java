package dev.rowgate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.accounts.Account;
import dev.rowgate.apps.App;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.MutableClock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerTest extends BothDatabases {

    private static final long START = ZonedDateTime.of(2026, 1, 31, 12, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();

    MutableClock clock;
    Ledger ledger;
    Fixtures f;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        ledger = new Ledger(db(), stores().ledger(), stores().accounts(), stores().plans(), stores().grants(), clock);
        f = new Fixtures(db(), stores());
    }

    /** An account on a plan of (integration, api) rows started now, with a grant to a fresh app (cap may be null). */
    private record Setup(long account, long grant) {}

    private Setup setup(long integrationRows, long apiRows, Long cap) {
        long plan = db().inTransaction((Tx tx) -> stores().plans().insert(tx, new Plan.New("p" + Fixtures.next(), integrationRows, apiRows,
                Plan.Period.MONTHLY, START)));
        long account = db().inTransaction((Tx tx) -> stores().accounts().insert(tx, new Account.New("l" + Fixtures.next() + "@example.com", "h",
                Account.Role.USER, plan, START, START)));
        long app = f.app(App.Type.WEB);
        long grant = db().inTransaction((Tx tx) -> stores().grants().insert(tx, account, app, "api", cap, START));
        return new Setup(account, grant);
    }

    private ChargeResult charge(Setup s, long rows, String key) {
        return ledger.charge(new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), "req-" + Fixtures.next(), key, rows, null));
    }

    @Test
    void chargeWhenRowsFitThenChargedAndCountersEqualEntries() {
        Setup s = setup(1_000, 0, null);
        assertThat(charge(s, 300, null)).isInstanceOfSatisfying(ChargeResult.Charged.class, c -> {
            assertThat(c.rows()).isEqualTo(300);
            assertThat(c.rowsLeft()).isEqualTo(700);
        });
        assertThat(charge(s, 700, null)).isInstanceOf(ChargeResult.Charged.class).extracting(ChargeResult::rowsLeft).isEqualTo(0L);
        assertThat(ledger.verify().clean()).isTrue();
    }

    @Test
    void chargeWhenRowsDoNotFitThenRefusedAndNothingWritten() {
        Setup s = setup(1_000, 0, null);
        charge(s, 400, null);
        long entries = ledger.verify().entries();

        ChargeResult r = charge(s, 601, null);

        assertThat(r).isEqualTo(new ChargeResult.NotEnoughRows(600, false));
        assertThat(ledger.verify().entries()).isEqualTo(entries);
        assertThat(ledger.rowsLeft(s.account(), new ChargeRequest.Via.App(s.grant()))).isEqualTo(600);
        assertThat(ledger.verify().clean()).isTrue();
    }

    @Test
    void chargeWhenGrantCapReachedThenRefusedForThatAppOnlyAndAllowanceUntouched() {
        Setup capped = setup(1_000, 0, 100L);
        long otherApp = f.app(App.Type.WEB);
        long otherGrant = db().inTransaction((Tx tx) -> stores().grants().insert(tx, capped.account(), otherApp, "api", null, START));
        Setup uncapped = new Setup(capped.account(), otherGrant);
        long rowsBefore = ledger.verify().rows();

        assertThat(charge(capped, 80, null)).isInstanceOf(ChargeResult.Charged.class).extracting(ChargeResult::rowsLeft).isEqualTo(20L);
        assertThat(charge(capped, 30, null)).isEqualTo(new ChargeResult.NotEnoughRows(20, true));
        assertThat(charge(uncapped, 30, null)).isInstanceOf(ChargeResult.Charged.class).extracting(ChargeResult::rowsLeft).isEqualTo(890L);
        assertThat(ledger.verify().clean()).isTrue();
        assertThat(ledger.verify().rows() - rowsBefore).isEqualTo(110);
    }

    @Test
    void chargeWhenIdempotencyKeyRetriedWithin24HoursThenReplayedAndChargedOnce() {
        Setup s = setup(1_000, 0, null);
        long rowsBefore = ledger.verify().rows();
        byte[] body = "{\"refpages\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ChargeRequest first = new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), "r1", "key-1", 50, body);
        assertThat(ledger.charge(first)).isInstanceOf(ChargeResult.Charged.class);

        clock.advance(Duration.ofHours(23));
        ChargeResult again = ledger.charge(new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), "r2", "key-1", 50, null));

        assertThat(again).isInstanceOfSatisfying(ChargeResult.Replayed.class, r -> {
            assertThat(r.rows()).isEqualTo(50);
            assertThat(r.rowsLeft()).isEqualTo(950);
            assertThat(r.replayBody()).isEqualTo(body);
        });
        assertThat(ledger.verify().rows() - rowsBefore).isEqualTo(50);

        clock.advance(Duration.ofHours(2)); // past 24 hours: the key is a new request
        assertThat(ledger.charge(new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), "r3", "key-1", 50, null)))
                .isInstanceOf(ChargeResult.Charged.class);
        assertThat(ledger.verify().rows() - rowsBefore).isEqualTo(100);
        assertThat(ledger.verify().clean()).isTrue();
        // The first answer was kept for its key's 24 hours only: the key's reuse after them released it with its key.
        assertThat(db().read((Tx tx) -> Jdbc.count(tx, "SELECT count(*) FROM ledger_entries WHERE request_id = 'r1' AND replay_body IS NULL"
                + " AND idempotency_key IS NULL"))).isEqualTo(1);
    }

    @Test
    void cleanupClearsReplayAnswersPastTheWindowAndRetentionAndKeepsTheEntries() {
        Setup s = setup(1_000, 0, null);
        byte[] body = "{\"refpages\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String old = "old-" + Fixtures.next();
        String recent = "recent-" + Fixtures.next();
        ledger.charge(new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), old, "key-old", 40, body));
        Duration retention = Duration.ofHours(1);
        clock.advance(Ledger.IDEMPOTENCY_WINDOW.plus(retention).minusMinutes(10));
        ledger.charge(new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), recent, "key-recent", 2, body));
        var cleanup = new dev.rowgate.cleanup.CleanupJob(db(), stores().expiring(), clock, Duration.ofMinutes(1), retention, 10, null);
        long rowsBefore = ledger.verify().rows();

        assertThat(cleanup.runOnce()).containsEntry("ledger_replay_answers", 0); // 10 minutes short of window + retention
        clock.advance(Duration.ofMinutes(10).plusMillis(1));
        assertThat(cleanup.runOnce()).containsEntry("ledger_replay_answers", 1);

        assertThat(replayBodyKept(old)).isFalse();
        assertThat(replayBodyKept(recent)).isTrue();
        // The entries and their rows stay; only the kept answer went. The recent key still replays its answer.
        assertThat(ledger.verify().rows()).isEqualTo(rowsBefore);
        assertThat(ledger.verify().clean()).isTrue();
        assertThat(ledger.charge(new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), "again", "key-recent", 2, null)))
                .isInstanceOfSatisfying(ChargeResult.Replayed.class, r -> assertThat(r.replayBody()).isEqualTo(body));
    }

    private boolean replayBodyKept(String requestId) {
        return db().read((Tx tx) -> Jdbc.count(tx, "SELECT count(*) FROM ledger_entries WHERE request_id = ? AND replay_body IS NOT NULL",
                requestId)) == 1;
    }

    @Test
    void chargeWithoutIdempotencyKeyKeepsNoCopyOfTheAnswer() {
        Setup s = setup(1_000, 0, null);
        byte[] body = "{\"refpages\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var charged = ledger.charge(new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), "no-key-" + Fixtures.next(), null, 5, body));
        long entry = ((ChargeResult.Charged) charged).entryId();
        assertThat(db().read((Tx tx) -> Jdbc.count(tx, "SELECT count(*) FROM ledger_entries WHERE id = ? AND replay_body IS NULL", entry))).isEqualTo(1);
    }

    @Test
    void chargeWhenNewBillingPeriodBeginsThenAllowanceRenews() {
        Setup s = setup(100, 0, 60L);
        assertThat(charge(s, 60, null)).isInstanceOf(ChargeResult.Charged.class);
        assertThat(charge(s, 1, null)).isInstanceOf(ChargeResult.NotEnoughRows.class);

        // Anchored on Jan 31: the next period starts Feb 28 (the anchor day clamped), not Mar 3.
        clock.advance(Duration.ofDays(28));
        assertThat(charge(s, 60, null)).isInstanceOf(ChargeResult.Charged.class).extracting(ChargeResult::rowsLeft).isEqualTo(0L);
        assertThat(ledger.verify().clean()).isTrue();
    }

    @Test
    void chargeWhenNoPlanOrPlanEndedThenNothingFits() {
        long account = f.account(); // no plan
        long app = f.app(App.Type.WEB);
        long grant = f.grant(account, app);
        assertThat(ledger.charge(new ChargeRequest(account, new ChargeRequest.Via.App(grant), "r", null, 1, null)))
                .isEqualTo(new ChargeResult.NotEnoughRows(0, false));

        Setup s = setup(1_000, 0, null);
        db().inTransaction((Tx tx) -> stores().accounts().setPlan(tx, s.account(),
                db().read((Tx t) -> stores().accounts().findById(t, s.account())).orElseThrow().planId(), START, START + 1_000));
        clock.advance(Duration.ofSeconds(2));
        assertThat(charge(s, 1, null)).isEqualTo(new ChargeResult.NotEnoughRows(0, false));
    }

    @Test
    void personalKeySpendsApiRowsNotIntegrationRows() {
        Setup s = setup(1_000, 10, null);
        long key = db().inTransaction((Tx tx) -> Jdbc.insert(tx, "INSERT INTO personal_api_keys (account_id, name, key_hash, created_at) VALUES (?, ?, ?, ?)",
                s.account(), "laptop", "hash-" + Fixtures.next(), START));
        ChargeRequest.Via.Key via = new ChargeRequest.Via.Key(key);

        assertThat(ledger.charge(new ChargeRequest(s.account(), via, "k1", null, 10, null))).isInstanceOf(ChargeResult.Charged.class);
        assertThat(ledger.charge(new ChargeRequest(s.account(), via, "k2", null, 1, null))).isEqualTo(new ChargeResult.NotEnoughRows(0, false));
        assertThat(ledger.rowsLeft(s.account(), new ChargeRequest.Via.App(s.grant()))).isEqualTo(1_000);
        assertThat(ledger.verify().clean()).isTrue();
    }

    @Test
    void verifyWhenACounterWasTamperedWithThenReportsIt() {
        Setup s = setup(1_000, 0, null);
        charge(s, 10, null);
        db().inTransaction((Tx tx) -> Jdbc.update(tx, "UPDATE allowance_usage SET used = used + 1 WHERE account_id = ?", s.account()));

        Ledger.Verification v = ledger.verify();

        assertThat(v.clean()).isFalse();
        assertThat(v.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.counter()).isEqualTo("allowance_usage");
            assertThat(m.counterValue()).isEqualTo(11);
            assertThat(m.entriesSum()).isEqualTo(10);
        });
        db().inTransaction((Tx tx) -> Jdbc.update(tx, "UPDATE allowance_usage SET used = used - 1 WHERE account_id = ?", s.account()));
    }
}
