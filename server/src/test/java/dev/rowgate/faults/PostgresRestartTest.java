package dev.rowgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.Wiring;
import dev.rowgate.config.ConfigLoader;
import dev.rowgate.ledger.Ledger;
import dev.rowgate.linkdata.Loader;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.PrivatePostgres;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import dev.rowgate.web.Json;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6: PostgreSQL stopped (fast, then immediate) and started again under Rowgate while clients keep sending token
 * refreshes, metered v2 calls and page loads. While it is away every answer is a 503 with Retry-After in the form of
 * its endpoint, given within a bounded time (HikariCP's connectionTimeout, 5 s): never a 500, never a verdict on a
 * valid credential (invalid_grant, "invalid token"). Once it is back Rowgate serves again by itself with the same
 * tokens, its LISTEN connection is back (a revocation made elsewhere reaches the bearer cache), and the ledger adds up.
 */
class PostgresRestartTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static PrivatePostgres pg;
    private static TestServer server;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        pg = PrivatePostgres.start();
        pg.createDatabase("rowgate");
        long t1 = System.nanoTime();
        server = TestServer.startOn(pg.url("rowgate"), Map.of());
        System.out.printf("PostgresRestartTest: private cluster up in %.1f s, Rowgate in %.1f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }

    @AfterAll
    static void stop() {
        try {
            if (server != null) server.close();
        } finally {
            if (pg != null) pg.close();
        }
    }

    @Test
    void stoppedFastThenImmediateUnderLoadAnswers503ThenRecoversWithTheSameTokens() throws Exception {
        String site = loadLinks();
        var client = server.webApp();
        var user = server.user();
        TokenClient tokenClient = new TokenClient(server.issuer());
        JsonNode refreshing = OAuthTestKit.tokens(tokenClient, client, OAuthTestKit.code(server, client, user, ""));
        String access = OAuthTestKit.tokens(tokenClient, client, OAuthTestKit.code(server, client, user, "")).get("access_token").asText();
        String revokedLater = OAuthTestKit.tokens(tokenClient, client, OAuthTestKit.code(server, client, user, "")).get("access_token").asText();
        HttpClient browser = signedIn(user);
        System.out.println("PostgresRestartTest: fixtures ready");

        AtomicReference<String> refreshToken = new AtomicReference<>(refreshing.get("refresh_token").asText());
        String authorize = server.url("/oauth2/authorize.php?response_type=code&state=s&client_id=" + client.clientId());
        try (Load load = new Load()) {
            load.drive("token", () -> {
                HttpResponse<String> r = send(HTTP, HttpRequest.newBuilder(URI.create(server.url("/oauth2/token.php")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", TokenClient.basic(client.clientId(), client.secret()))
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + refreshToken.get())));
                // After a 503 the same refresh token is sent again: within the grace window it yields the pair its
                // rotation made, should that rotation have committed with the answer lost.
                if (r.statusCode() == 200) refreshToken.set(TokenClient.json(r).get("refresh_token").asText());
                return r;
            });
            load.drive("v2", () -> send(HTTP, HttpRequest.newBuilder(URI.create(server.url(
                    "/v2/?token=" + access + "&from=backlinks&mode=domain&limit=3&target=" + site))).GET()));
            load.drive("page", () -> send(browser, HttpRequest.newBuilder(URI.create(authorize)).header("Accept", "text/html").GET()));

            for (String mode : List.of("fast", "immediate")) {
                String up = mode.equals("fast") ? "up" : "up-after-fast";
                load.await("2 good answers of each kind while " + up, DEADLINE, o -> everyKind(o, up, PostgresRestartTest::good, 2));
                pg.stopServer(mode);
                load.phase("down-" + mode);
                var health = java.util.concurrent.CompletableFuture.supplyAsync(() -> get("/healthz"), java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
                load.await("an answer 503 of each kind while stopped " + mode, DEADLINE,
                        o -> everyKind(o, "down-" + mode, x -> x.status() == 503, 1));
                HttpResponse<String> h = health.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(h.statusCode()).as(h.body()).isEqualTo(503);
                assertThat(h.headers().firstValue("Retry-After")).isPresent();
                load.phase("starting");
                pg.startServer();
                load.phase("up-after-" + mode);
            }
            load.await("2 good answers of each kind after the restarts", DEADLINE, o -> everyKind(o, "up-after-immediate", PostgresRestartTest::good, 2));
            load.phase("done");
            load.close();

            List<String> wrong = new ArrayList<>();
            long charged = 0, unavailableV2 = 0, slowest = 0;
            for (Load.Outcome o : load.outcomes()) {
                if (!good(o) && !unavailable(o)) wrong.add(o.toString());
                // Nothing can succeed while the server is stopped: a 200 then would be an answer from nowhere.
                if (o.startPhase().startsWith("down-") && o.during(o.startPhase()) && good(o)) wrong.add("answered while stopped: " + o);
                if (o.kind().equals("v2") && good(o)) charged += Long.parseLong(o.response().headers().firstValue("X-Rows-Charged").orElseThrow());
                if (o.kind().equals("v2") && unavailable(o)) unavailableV2++;
                slowest = Math.max(slowest, o.ms());
            }
            assertThat(wrong).as("answers other than success or 503 + Retry-After").isEmpty();
            System.out.printf("PostgresRestartTest: %d answers, %d of them 503, slowest %d ms; phases: %s%n", load.outcomes().size(),
                    load.outcomes().stream().filter(o -> o.status() == 503).count(), slowest, load.timeline());

            // The ledger: every counter equals its entries; the rows charged are those the clients were told of, plus at
            // most the price of each 503 (a charge whose commit succeeded while its answer was lost).
            Ledger.Verification v = server.wiring().ledger().verify();
            assertThat(v.clean()).as(v.mismatches().toString()).isTrue();
            assertThat(v.rows()).isBetween(charged, charged + 2 * unavailableV2);
        }

        // The same credentials work after the restarts: the v2 token, and the refresh chain from before the first stop.
        assertThat(get("/v2/?token=" + access + "&from=subscription_info").body()).contains("\"rows_left\"");
        var refreshed = OAuthTestKit.refresh(tokenClient, client, refreshToken.get());
        OAuthTestKit.assertFiveFieldTokenResponse(refreshed);

        // The LISTEN connection is back: a token revoked by another process (as the CLI or another node would) leaves
        // this server's cache through the notice alone (the test's clock stands still, so cached answers never age).
        var listener = server.server().revocationListener().orElseThrow();
        assertThat(listener.awaitListening(DEADLINE)).as("revocation listener reconnected").isTrue();
        assertThat(get("/v2/?token=" + revokedLater + "&from=subscription_info").body()).contains("\"rows_left\"");
        long clears = server.wiring().tokenAuth().clearCount();
        try (Wiring other = Wiring.build(ConfigLoader.load(null, Map.of(), Map.of("database.url", pg.url("rowgate"))), server.clock())) {
            assertThat(other.revocations().revokeToken(Secrets.hash(revokedLater))).isEqualTo(1);
        }
        assertThat(server.wiring().tokenAuth().awaitClearAfter(clears, DEADLINE)).as("revocation notice reached the cache").isTrue();
        assertThat(get("/v2/?token=" + revokedLater + "&from=subscription_info").body()).isEqualTo("{\"error\":\"invalid token\"}");
    }

    private static boolean everyKind(List<Load.Outcome> outcomes, String phase, java.util.function.Predicate<Load.Outcome> check, int n) {
        for (String kind : List.of("token", "v2", "page")) if (Load.count(outcomes, kind, phase, check) < n) return false;
        return true;
    }

    /** The answer each kind gives when all is well. */
    private static boolean good(Load.Outcome o) {
        HttpResponse<String> r = o.response();
        if (r == null) return false;
        return switch (o.kind()) {
            case "token" -> r.statusCode() == 200 && r.body().contains("\"refresh_token\"");
            case "v2" -> r.statusCode() == 200 && r.body().startsWith("{\"refpages\":[") && r.headers().firstValue("X-Rows-Charged").isPresent();
            case "page" -> r.statusCode() == 302 && r.headers().firstValue("Location").orElse("").startsWith("https://client.example/cb?code=");
            default -> false;
        };
    }

    /** A 503 with Retry-After, in the form of its endpoint: OAuth JSON, the v2 API's {"error"}, an HTML page. */
    private static boolean unavailable(Load.Outcome o) {
        HttpResponse<String> r = o.response();
        if (r == null || r.statusCode() != 503 || r.headers().firstValue("Retry-After").isEmpty()) return false;
        String type = r.headers().firstValue("Content-Type").orElse("");
        return switch (o.kind()) {
            case "token" -> type.startsWith("application/json") && r.body().contains("\"error\":\"temporarily_unavailable\"");
            case "v2" -> type.startsWith("application/json") && r.body().equals("{\"error\":\"service temporarily unavailable, retry later\"}");
            case "page" -> type.startsWith("text/html") && r.body().contains("temporarily unavailable");
            default -> false;
        };
    }

    /** Five links into a fresh site, so that backlinks calls return results and are charged. */
    private static String loadLinks() throws Exception {
        String site = "target" + Fixtures.next() + ".example";
        Path file = Files.createTempFile("restart-", ".jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lines.append("{\"url_from\":\"https://source").append(Fixtures.next()).append(".example/\",\"url_to\":\"https://")
                    .append(site).append("/p").append(i).append("\",\"anchor\":\"link ").append(i).append("\"}\n");
        }
        Files.writeString(file, lines);
        new Loader(server.wiring().database(), server.wiring().stores().linkData()).load(List.of(file), null);
        Files.delete(file);
        return site;
    }

    /** A browser session of the user, with its own cookies; the user has already allowed the app. */
    private static HttpClient signedIn(TestServer.User user) {
        HttpClient b = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> form = send(b, HttpRequest.newBuilder(URI.create(server.url("/login"))).GET());
        HttpResponse<String> done = send(b, HttpRequest.newBuilder(URI.create(server.url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(Map.of("email", user.email(), "password", user.password(),
                        "csrf", Browser.hiddenFields(form.body()).get("csrf"), "return_to", "/")))));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        return b;
    }

    private static HttpResponse<String> get(String path) {
        return send(HTTP, HttpRequest.newBuilder(URI.create(server.url(path))).GET());
    }

    /** Every request has a generous deadline: a hung request fails the test instead of hanging it. */
    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
