package dev.rowgate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.accounts.Account;
import dev.rowgate.apps.App;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rows.md: "under any concurrency ... the balance never goes below zero and no row is charged twice or lost". */
class LedgerConcurrencyTest extends BothDatabases {

    Ledger ledger;
    Fixtures f;

    @BeforeEach
    void setUp() {
        ledger = new Ledger(db(), stores().ledger(), stores().accounts(), stores().plans(), stores().grants(), Clock.systemUTC());
        f = new Fixtures(db(), stores());
    }

    private record Setup(long account, long grant) {}

    private Setup setup(long integrationRows, Long cap) {
        long now = System.currentTimeMillis();
        long plan = db().inTransaction((Tx tx) -> stores().plans().insert(tx, new Plan.New("c" + Fixtures.next(), integrationRows, 0,
                Plan.Period.MONTHLY, now)));
        long account = db().inTransaction((Tx tx) -> stores().accounts().insert(tx, new Account.New("c" + Fixtures.next() + "@example.com",
                "h", Account.Role.USER, plan, now, now)));
        long app = f.app(App.Type.WEB); // its own transaction: nested in another, it would wait on SQLite's one writer forever
        long grant = db().inTransaction((Tx tx) -> stores().grants().insert(tx, account, app, "api", cap, now));
        return new Setup(account, grant);
    }

    /** Runs n charges at once (virtual threads behind one start gate) and returns their results. */
    private List<ChargeResult> race(int n, IntFunction<ChargeRequest> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ChargeResult>> futures = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return ledger.charge(request.apply(k));
                }));
            }
            start.countDown();
            List<ChargeResult> results = new ArrayList<>();
            for (Future<ChargeResult> fu : futures) results.add(fu.get());
            return results;
        }
    }

    private static long charged(List<ChargeResult> results) {
        return results.stream().filter(r -> r instanceof ChargeResult.Charged).mapToLong(r -> ((ChargeResult.Charged) r).rows()).sum();
    }

    @Test
    void chargeWhen200ConcurrentCallsMeetA50RowBalanceThenExactly50Charged() throws Exception {
        Setup s = setup(50, null);
        long entriesBefore = ledger.verify().entries();

        List<ChargeResult> results = race(200, i -> new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), "r" + i, null, 1, null));

        assertThat(results).filteredOn(r -> r instanceof ChargeResult.Charged).hasSize(50);
        assertThat(results).filteredOn(r -> r instanceof ChargeResult.NotEnoughRows).hasSize(150);
        assertThat(ledger.rowsLeft(s.account(), new ChargeRequest.Via.App(s.grant()))).isZero();
        assertThat(ledger.verify().entries() - entriesBefore).isEqualTo(50);
        assertThat(ledger.verify().clean()).isTrue();
    }

    @Test
    void chargeWhenConcurrentCallsOfMixedSizeThenNeverOverdrawnAndCountersEqualEntries() throws Exception {
        Setup s = setup(137, null);
        Random random = new Random(42);
        long[] sizes = new long[120];
        for (int i = 0; i < sizes.length; i++) sizes[i] = 1 + random.nextInt(10);

        List<ChargeResult> results = race(sizes.length, i -> new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), "m" + i, null,
                sizes[i], null));

        long spent = charged(results);
        assertThat(spent).isLessThanOrEqualTo(137);
        assertThat(ledger.rowsLeft(s.account(), new ChargeRequest.Via.App(s.grant()))).isEqualTo(137 - spent);
        for (int i = 0; i < sizes.length; i++) {
            if (results.get(i) instanceof ChargeResult.NotEnoughRows refused) assertThat(refused.rowsLeft()).isLessThan(sizes[i]);
        }
        assertThat(ledger.verify().clean()).isTrue();
    }

    @Test
    void chargeWhenConcurrentCallsMeetAGrantCapThenExactlyTheCapCharged() throws Exception {
        Setup s = setup(1_000, 10L);

        List<ChargeResult> results = race(100, i -> new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), "g" + i, null, 1, null));

        assertThat(charged(results)).isEqualTo(10);
        assertThat(results).filteredOn(r -> r instanceof ChargeResult.NotEnoughRows n && n.capReached()).hasSize(90);
        assertThat(ledger.verify().clean()).isTrue();
    }

    @Test
    void chargeWhenOneIdempotencyKeyIsRacedThenChargedOnceAndReplayedToTheRest() throws Exception {
        Setup s = setup(1_000, null);
        long entriesBefore = ledger.verify().entries();

        List<ChargeResult> results = race(20, i -> new ChargeRequest(s.account(), new ChargeRequest.Via.App(s.grant()), "i" + i, "same-key", 7, null));

        assertThat(results).filteredOn(r -> r instanceof ChargeResult.Charged).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof ChargeResult.Replayed p && p.rows() == 7).hasSize(19);
        assertThat(ledger.verify().entries() - entriesBefore).isEqualTo(1);
        assertThat(ledger.rowsLeft(s.account(), new ChargeRequest.Via.App(s.grant()))).isEqualTo(993);
        assertThat(ledger.verify().clean()).isTrue();
    }
}
