package dev.rowgate.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Database;
import dev.rowgate.store.Jdbc;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.NodeProcess;
import dev.rowgate.testing.TestDb;
import dev.rowgate.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 6, "Crashes" (rows.md: "A crash (kill -9 of any node at any moment) loses no committed charge; after restart
 * the ledger entries and the balances agree to the row"). While an app drives code exchanges, refreshes and metered
 * calls ({@link CrashingTraffic}), a node gets SIGKILL at random moments (seeded; the seed is printed and
 * {@code -Drowgate.crash.seed=N} repeats it) and is started again on the same database. On SQLite one node and its
 * file; on PostgreSQL two nodes, the traffic going to whichever is up. Then: every token the app holds works, no code
 * gave tokens twice, and the ledger is clean and holds exactly the charges the app saw plus those of calls lost in a
 * crash, never fewer and never more.
 */
class CrashIT {

    private static final int WORKERS = 4;
    /** The plan is large: only crashes, never the balance, may refuse a call here. */
    private static final long ROWS = 1_000_000;

    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Dialect.class)
    void killedAtRandomMomentsThenRestartedLosesNoChargeAndRedeemsNoCodeTwice(Dialect dialect) throws Exception {
        long seed = Long.getLong("rowgate.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        int size = dialect == Dialect.POSTGRES ? 2 : 1;
        int kills = 3;
        System.out.printf("crash test [%s]: seed %d (-Drowgate.crash.seed=%d repeats it), %d node(s), %d kills%n", dialect, seed, seed, size, kills);
        // A 5-minute grace window: a refresh retried after a restart gets the pair its lost attempt made.
        Map<String, String> settings = Map.of("cleanup.interval", "1h", "tokens.refresh_grace", "5m");
        try (TestDb db = TestDb.create(dialect); Cluster cluster = Cluster.start("crash-" + dialect.name().toLowerCase(), db.url(), size, settings)) {
            Operator operator = new Operator(db.url());
            TestServer.User user = operator.user(operator.plan(ROWS));
            Operator.App app = operator.app();
            // Sign in and consent once; from then on every authorization request answers with a code at once.
            String base = cluster.node(0).base();
            Browser browser = Browser.at(base);
            HttpResponse<String> back = browser.decide(browser.authorize(AppClient.authorizeUrl(base, app), user), "allow", null);
            assertThat(back.statusCode()).as(back.body()).isEqualTo(302);

            CrashingTraffic traffic = new CrashingTraffic(cluster, browser, app, seed);
            traffic.start(WORKERS);
            for (int k = 1; k <= kills; k++) {
                long at = traffic.operations.get() + 10 + random.nextInt(50);
                traffic.awaitOperations(at);
                int victim = random.nextInt(size);
                cluster.kill(victim);
                Duration restart = cluster.restart(victim);
                System.out.printf("crash test [%s]: kill %d: node %d after %d operations; back in %d ms%n", dialect, k, victim + 1, at,
                        restart.toMillis());
            }
            traffic.awaitOperations(traffic.operations.get() + 30);
            traffic.stop();
            System.out.printf("crash test [%s]: %d operations, %d families; in doubt: %d exchanges (%d codes consumed by the lost attempt), "
                            + "%d refreshes, %d keyed calls (%d replayed), %d unkeyed calls%n", dialect, traffic.operations.get(),
                    traffic.families.size(), traffic.exchangesInDoubt.get(), traffic.codesLostToCrash.get(), traffic.refreshesInDoubt.get(),
                    traffic.keyedCallsInDoubt.get(), traffic.replayedCalls.get(), traffic.unkeyedCallsInDoubt.get());

            // Every token the app was given works: each access token on the API, the newest refresh token of each family.
            AppClient client = new AppClient(app);
            int accessTokens = 0;
            for (CrashingTraffic.Family f : traffic.families) {
                for (String token : f.accessTokens) {
                    JsonNode info = AppClient.json(AppClient.v2(cluster.anyLive(random), token, "from=subscription_info", null));
                    assertThat(info.has("info")).as(info.toString()).isTrue();
                    accessTokens++;
                }
                HttpResponse<String> refreshed = client.refresh(cluster.anyLive(random), f.refreshToken);
                assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            }

            Database store = db.open();
            // No code gave tokens twice: one first pair per code, and every consumed code accounted for.
            assertThat(count(store, "SELECT count(*) FROM (SELECT code_id FROM tokens WHERE kind = 'access' AND parent_id IS NULL "
                    + "AND code_id IS NOT NULL GROUP BY code_id HAVING count(*) > 1) twice")).isZero();
            assertThat(count(store, "SELECT count(*) FROM authorization_codes WHERE consumed_at IS NOT NULL"))
                    .isEqualTo(traffic.families.size() + traffic.codesLostToCrash.get());

            // The ledger: counters equal entries, and the entries hold every charge the app saw, plus at most the calls
            // lost in a crash; keyed calls lost in a crash were retried and replayed, so they are known exactly.
            long rows = operator.verifyLedger().get("rows").asLong();
            long seen = traffic.rowsSeenCharged.get();
            long known = seen + CrashingTraffic.CALL_COST * traffic.replayedCalls.get();
            long inDoubt = traffic.keyedCallsInDoubt.get() + traffic.unkeyedCallsInDoubt.get();
            System.out.printf("crash test [%s]: ledger %d rows; app saw %d charged, %d more by replayed calls; %d calls in doubt; "
                    + "%d access tokens checked%n", dialect, rows, seen, known - seen, inDoubt, accessTokens);
            assertThat(rows).isBetween(seen, seen + CrashingTraffic.CALL_COST * inDoubt);
            assertThat(rows).isBetween(known, known + CrashingTraffic.CALL_COST * traffic.unkeyedCallsInDoubt.get());
            assertThat(count(store, "SELECT COALESCE(SUM(used), 0) FROM allowance_usage")).isEqualTo(rows);

            cluster.stop();
            // No 5xx and no ERROR in any node's log, and the restarts found their data (only the very first start seeded).
            for (NodeProcess n : cluster.generations()) {
                assertThat(n.output()).as(n.name()).doesNotContain("\"level\":\"ERROR\"").doesNotContain("{\"status\":\"5");
            }
            assertThat(cluster.generations().stream().filter(n -> n.output().contains("Rowgate first start")).count()).isEqualTo(1);
        }
    }

    private static long count(Database store, String sql) {
        return store.read(tx -> Jdbc.count(tx, sql));
    }
}
