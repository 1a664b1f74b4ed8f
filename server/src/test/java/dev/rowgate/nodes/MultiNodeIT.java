package dev.rowgate.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Database;
import dev.rowgate.store.Jdbc;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.NodeProcess;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestDb;
import dev.rowgate.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, "Several nodes on PostgreSQL", and issue 5's ledger test with several server processes: three real
 * {@code rowgate serve} processes on loopback ports share one PostgreSQL database, created empty for this class
 * (the three start at once on it, so they also race on the migrations and the first-start seeding). Every flow crosses
 * nodes, as a load balancer would send it: sessions, codes, consent, tokens and the ledger live in the database, and
 * a revocation reaches the other nodes' bearer caches through LISTEN/NOTIFY.
 */
@DisplayName("MultiNodeIT [POSTGRES]")
class MultiNodeIT {

    /** The sample the first start loads (FirstStart: 500 pages, seed 1) has links into this site. */
    private static final String TARGET = "site-0000.example";

    private static TestDb db;
    private static Cluster cluster;
    private static Operator operator;

    @BeforeAll
    static void startThreeNodesOnOneEmptyDatabase() {
        db = TestDb.create(Dialect.POSTGRES);
        cluster = Cluster.start("multinode", db.url(), 3, Map.of("cleanup.interval", "1h"));
        // Flyway's lock serializes the migrations; the seeding transaction lets exactly one node seed.
        assertThat(cluster.generations().stream().filter(n -> n.output().contains("Rowgate first start")).count()).isEqualTo(1);
        operator = new Operator(db.url());
    }

    @AfterAll
    static void stopNodes() {
        try {
            if (cluster != null) {
                cluster.stop();
                for (NodeProcess n : cluster.generations()) {
                    assertThat(n.output()).as(n.name()).doesNotContain("\"level\":\"ERROR\"").doesNotContain("{\"status\":\"5");
                }
            }
        } finally {
            if (cluster != null) cluster.close();
            if (db != null) db.close();
        }
    }

    private static NodeProcess node(int oneBased) {
        return cluster.node(oneBased - 1);
    }

    @Test
    void authorizeOnOneExchangeOnTwoRefreshOnThreeRevokeOnOneRefusedOnThreeWithinOneSecond() throws Exception {
        TestServer.User user = operator.user(operator.plan(1_000));
        Operator.App app = operator.app();
        AppClient client = new AppClient(app);

        // Node 1: sign-in and consent through the pages.
        Browser browser = Browser.at(node(1).base());
        HttpResponse<String> consent = browser.authorize(AppClient.authorizeUrl(node(1).base(), app), user);
        HttpResponse<String> back = browser.decide(consent, "allow", null);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        Map<String, String> callback = Browser.query(Browser.location(back));
        assertThat(callback.get("iss")).isEqualTo(node(1).base());
        String code = callback.get("code");
        Database store = db.open();
        long accountId = count(store, "SELECT id FROM accounts WHERE email = ?", user.email());
        assertThat(count(store, "SELECT count(*) FROM sessions WHERE account_id = ?", accountId)).isEqualTo(1);
        assertThat(count(store, "SELECT count(*) FROM grants WHERE account_id = ? AND revoked_at IS NULL", accountId)).isEqualTo(1);
        assertThat(count(store, "SELECT count(*) FROM authorization_codes WHERE account_id = ? AND consumed_at IS NULL",
                accountId)).isEqualTo(1);

        // Node 2: the code exchange.
        JsonNode pair = OAuthTestKit.assertFiveFieldTokenResponse(client.exchange(node(2).base(), code));
        String access = pair.get("access_token").asText();
        assertThat(rowsLeft(node(3), access)).isEqualTo(1_000);

        // Node 2 again, same browser: the session and the consent made on node 1 give a code at once; node 3 exchanges it.
        String second = AppClient.code(browser.on(node(2).base()), node(2).base(), app);
        String secondAccess = OAuthTestKit.assertFiveFieldTokenResponse(client.exchange(node(3).base(), second)).get("access_token").asText();
        assertThat(rowsLeft(node(3), secondAccess)).isEqualTo(1_000); // now in node 3's bearer cache
        // ... and node 1 sees that code as used: invalid_grant, and the tokens it gave are refused everywhere.
        OAuthTestKit.assertOAuthError(client.exchange(node(1).base(), second), 400, "invalid_grant");
        assertRefusedWithinOneSecond(node(3), secondAccess, System.nanoTime());

        // Node 3: refresh. Node 1 answers a retry with the retired token (within the grace window) with the same pair.
        HttpResponse<String> refreshed = client.refresh(node(3).base(), pair.get("refresh_token").asText());
        JsonNode next = OAuthTestKit.assertFiveFieldTokenResponse(refreshed);
        assertThat(AppClient.json(client.refresh(node(1).base(), pair.get("refresh_token").asText()))).isEqualTo(next);
        String nextAccess = next.get("access_token").asText();
        assertThat(rowsLeft(node(3), nextAccess)).isEqualTo(1_000); // now in node 3's bearer cache

        // ... and node 2 has introspected it: its introspection answer and client authentication are kept too.
        assertThat(AppClient.json(client.introspect(node(2).base(), nextAccess)).get("active").asBoolean()).isTrue();

        // Node 1: revoke; nodes 3 and 2 refuse the token within 1 s (their caches are cleared by the notice, or expire).
        assertThat(client.revoke(node(1).base(), nextAccess).statusCode()).isEqualTo(200);
        long revoked = System.nanoTime();
        assertRefusedWithinOneSecond(node(3), nextAccess, revoked);
        assertInactiveWithinOneSecond(node(2), client, nextAccess, revoked);
        // Revoking the refresh token ends its whole family (RFC 7009 §2.1), the first access token too, on every node.
        assertThat(rowsLeft(node(2), access)).isEqualTo(1_000);
        assertThat(client.revoke(node(1).base(), next.get("refresh_token").asText()).statusCode()).isEqualTo(200);
        assertRefusedWithinOneSecond(node(2), access, System.nanoTime());
        OAuthTestKit.assertOAuthError(client.refresh(node(3).base(), next.get("refresh_token").asText()), 400, "invalid_grant");
        assertThat(count(store, "SELECT count(*) FROM tokens WHERE account_id = ? AND revoked_at IS NULL", accountId))
                .as("tokens left usable").isZero();
    }

    /** One number from the shared database. */
    private static long count(Database store, String sql, Object... args) {
        return store.read(tx -> Jdbc.count(tx, sql, args));
    }

    /**
     * Polls the v2 API on a node with the token until it answers {@code invalid token}; a request sent later than 1 s
     * after {@code revokedAt} (System.nanoTime() when the revocation returned) fails the test. Prints how long it took.
     */
    private static void assertRefusedWithinOneSecond(NodeProcess node, String token, long revokedAt) throws IOException {
        long deadline = revokedAt + TimeUnit.SECONDS.toNanos(1);
        int polls = 0;
        while (true) {
            long sent = System.nanoTime();
            assertThat(sent).as("token still accepted by " + node.name() + " 1 s after the revocation (" + polls + " polls)").isLessThan(deadline);
            JsonNode body = AppClient.json(AppClient.v2(node.base(), token, "from=subscription_info", null));
            polls++;
            if (body.has("error")) {
                assertThat(body.get("error").asText()).isEqualTo("invalid token");
                System.out.printf("%s refused a revoked token %d ms after the revocation returned (%d polls)%n", node.name(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revokedAt), polls);
                return;
            }
        }
    }

    /** As {@link #assertRefusedWithinOneSecond}, through introspection: polls until {@code "active": false}. */
    private static void assertInactiveWithinOneSecond(NodeProcess node, AppClient client, String token, long revokedAt) throws IOException {
        long deadline = revokedAt + TimeUnit.SECONDS.toNanos(1);
        int polls = 0;
        while (true) {
            long sent = System.nanoTime();
            assertThat(sent).as("token still active at " + node.name() + "'s introspection 1 s after the revocation (" + polls + " polls)")
                    .isLessThan(deadline);
            JsonNode body = AppClient.json(client.introspect(node.base(), token));
            polls++;
            if (!body.get("active").asBoolean()) {
                System.out.printf("%s introspected a revoked token as inactive %d ms after the revocation returned (%d polls)%n", node.name(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revokedAt), polls);
                return;
            }
        }
    }

    private static long rowsLeft(NodeProcess node, String token) throws IOException {
        JsonNode body = AppClient.json(AppClient.v2(node.base(), token, "from=subscription_info", null));
        assertThat(body.has("info")).as(body.toString()).isTrue();
        return body.get("info").get("rows_left").asLong();
    }

    /** A token of a fresh grant of the user to a fresh app, the consent given through {@code node}. */
    private static String token(TestServer.User user, NodeProcess node, NodeProcess exchangeOn) throws IOException {
        Operator.App app = operator.app();
        Browser browser = Browser.at(node.base());
        HttpResponse<String> back = browser.decide(browser.authorize(AppClient.authorizeUrl(node.base(), app), user), "allow", null);
        String code = Browser.query(Browser.location(back)).get("code");
        return OAuthTestKit.assertFiveFieldTokenResponse(new AppClient(app).exchange(exchangeOn.base(), code)).get("access_token").asText();
    }

    /** One answer of the burst: rows charged, rows left, or refused. */
    private record Answer(int node, long charged, long left, boolean refused) {}

    @Test
    void concurrentMeteredCallsFromThreeNodesSpendExactlyTheBalanceAndLedgerVerifiesClean() throws Exception {
        long balance = 400;
        TestServer.User user = operator.user(operator.plan(balance));
        // Two apps of the user spend the one allowance of integration rows.
        List<String> tokens = List.of(token(user, node(1), node(2)), token(user, node(2), node(3)));
        long seed = System.nanoTime();
        System.out.println("metered burst: seed " + seed);

        int threads = 24;
        int calls = 300;
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed + t);
            int share = calls / threads + (t < calls % threads ? 1 : 0);
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < share; i++) {
                    int n = random.nextInt(3) + 1;
                    answers.add(meteredCall(n, tokens.get(random.nextInt(tokens.size())), random));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) f.get(5, TimeUnit.MINUTES);
        pool.shutdown();

        // Calls that raced for the last rows may have left a few; spend them one call at a time, round the nodes.
        int drained = 0;
        for (int n = 1; ; n = n % 3 + 1) {
            Answer a = meteredCall(n, tokens.get(n % 2), null);
            answers.add(a);
            if (a.refused()) break;
            assertThat(++drained).as("drain calls").isLessThan((int) balance);
        }

        long charged = answers.stream().mapToLong(Answer::charged).sum();
        long refused = answers.stream().filter(Answer::refused).count();
        System.out.printf("metered burst: %d calls from %d threads on 3 nodes (+%d to drain), %d answered, %d refused, %d rows charged of %d%n",
                calls, threads, drained, answers.size() - refused, refused, charged, balance);
        assertThat(charged).as("sum of X-Rows-Charged").isEqualTo(balance);
        assertThat(answers.stream().mapToLong(Answer::left).min().orElseThrow()).isZero();
        for (String token : tokens) {
            for (int n = 1; n <= 3; n++) assertThat(rowsLeft(node(n), token)).isZero();
        }
        for (int n = 1; n <= 3; n++) {
            int node = n;
            assertThat(answers.stream().filter(a -> a.node() == node && a.charged() > 0).count()).as("calls charged on node " + n).isPositive();
        }

        Database store = db.open();
        long accountId = count(store, "SELECT id FROM accounts WHERE email = ?", user.email());
        assertThat(count(store, "SELECT COALESCE(SUM(row_count), 0) FROM ledger_entries WHERE account_id = ?", accountId))
                .isEqualTo(balance);
        assertThat(count(store, "SELECT count(*) FROM ledger_entries WHERE account_id = ?", accountId))
                .isEqualTo(answers.stream().filter(a -> a.charged() > 0).count());
        JsonNode verify = operator.verifyLedger();
        assertThat(verify.get("rows").asLong()).isGreaterThanOrEqualTo(balance);
    }

    /**
     * One metered v2 call on node n: backlinks with a limit of 1 to 10 (1 + 0.2 x results rows, clamped to the
     * balance) or domain_rating (2 rows); with no random, the cheapest backlinks call. Checks the answer's form.
     */
    private static Answer meteredCall(int n, String token, Random random) throws IOException {
        String query = random == null || random.nextBoolean()
                ? "from=backlinks&target=" + TARGET + "&mode=domain&limit=" + (random == null ? 1 : 1 + random.nextInt(10))
                : "from=domain_rating&target=" + TARGET;
        HttpResponse<String> r = AppClient.v2(node(n).base(), token, query, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = AppClient.json(r);
        long charged = Long.parseLong(r.headers().firstValue("X-Rows-Charged").orElseThrow());
        if (body.has("error")) {
            // api-v2.md: an app's token out of integration rows gets exactly this, and it costs nothing.
            assertThat(body.get("error").asText()).isEqualTo("Integration limit is exceeded");
            assertThat(charged).isZero();
            return new Answer(n, 0, 0, true);
        }
        assertThat(charged).as(r.body()).isPositive();
        long left = Long.parseLong(r.headers().firstValue("X-Rows-Left").orElseThrow());
        assertThat(left).isNotNegative();
        return new Answer(n, charged, left, false);
    }
}
