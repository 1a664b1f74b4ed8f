package dev.rowgate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.Passwords;
import dev.rowgate.apps.App;
import dev.rowgate.config.Config;
import dev.rowgate.config.ConfigLoader;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.TestDb;
import dev.rowgate.web.Json;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The whole server in-process on a free port, through real HTTP, on each database. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(dev.rowgate.config.DatabaseUrl.Dialect.class)
class ServerTest {

    @Parameter
    dev.rowgate.config.DatabaseUrl.Dialect dialect;

    private TestDb db;

    @BeforeEach
    void createDatabase() {
        db = TestDb.create(dialect);
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) db.close();
    }

    private Config config() {
        return ConfigLoader.load(null, Map.of(), Map.of("listen.port", "0", "database.url", db.url().display().startsWith("sqlite:")
                ? db.url().display() : db.url().jdbcUrl(), "issuer", "https://auth.example.com"));
    }

    @Test
    void firstStartSeedsDemoDataWhoseSecretsWork() {
        try (Server server = Server.start(config(), Clock.systemUTC())) {
            String banner = server.firstStartBanner().orElseThrow();
            Matcher admin = Pattern.compile("admin@rowgate.local  password (\\S+)").matcher(banner);
            Matcher demo = Pattern.compile("demo@rowgate.local  password (\\S+)").matcher(banner);
            Matcher secret = Pattern.compile("client_id rowgate-demo  client_secret (\\S+)").matcher(banner);
            assertThat(admin.find() && demo.find() && secret.find()).as(banner).isTrue();
            assertThat(banner).contains("https://auth.example.com/oauth2/authorize.php?response_type=code&client_id=rowgate-demo&scope=api"
                    + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9000%2Fcallback");

            Wiring w = server.wiring();
            Account adminAccount = w.database().read((Tx tx) -> w.stores().accounts().findByEmail(tx, "admin@rowgate.local")).orElseThrow();
            Account demoAccount = w.database().read((Tx tx) -> w.stores().accounts().findByEmail(tx, "demo@rowgate.local")).orElseThrow();
            App app = w.database().read((Tx tx) -> w.stores().apps().findByClientId(tx, "rowgate-demo")).orElseThrow();
            List<String> secrets = w.database().read((Tx tx) -> w.stores().apps().activeSecretHashes(tx, app.id(), System.currentTimeMillis()));

            assertThat(adminAccount.role()).isEqualTo(Account.Role.ADMIN);
            assertThat(new Passwords().verify(admin.group(1), adminAccount.passwordHash())).isTrue();
            assertThat(new Passwords().verify(demo.group(1), demoAccount.passwordHash())).isTrue();
            assertThat(demoAccount.planId()).isNotNull();
            assertThat(app.status()).isEqualTo(App.Status.APPROVED);
            assertThat(app.type()).isEqualTo(App.Type.WEB);
            assertThat(secrets).containsExactly(Secrets.hash(secret.group(1)));
            // Only hashes are stored: the clear secrets appear nowhere in the database.
            assertThat(adminAccount.passwordHash()).doesNotContain(admin.group(1));
        }
    }

    @Test
    void secondStartOnTheSameDatabaseKeepsDataAndSeedsNothing() {
        long accounts;
        try (Server first = Server.start(config(), Clock.systemUTC())) {
            assertThat(first.firstStartBanner()).isPresent();
            Wiring w = first.wiring();
            w.plans().add("Kept", 1, 2, dev.rowgate.ledger.Plan.Period.MONTHLY);
            accounts = w.database().read((Tx tx) -> w.stores().accounts().count(tx));
        }
        try (Server second = Server.start(config(), Clock.systemUTC())) {
            Wiring w = second.wiring();
            assertThat(second.firstStartBanner()).isEmpty();
            long after = w.database().read((Tx tx) -> w.stores().accounts().count(tx));
            assertThat(after).isEqualTo(accounts);
            assertThat(w.database().read((Tx tx) -> w.stores().plans().findByName(tx, "Kept"))).isPresent();
        }
    }

    @Test
    void healthzMetricsAndJsonErrors() throws Exception {
        try (Server server = Server.start(config(), Clock.systemUTC())) {
            HttpResponse<String> health = Http.get(server.baseUrl() + "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode body = Json.MAPPER.readTree(health.body());
            assertThat(body.get("status").asText()).isEqualTo("ok");
            assertThat(body.get("database").asText()).isEqualTo(dialect.name().toLowerCase());

            HttpResponse<String> missing = Http.get(server.baseUrl() + "/no/such/page");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(Json.MAPPER.readTree(missing.body()).get("error").asText()).isEqualTo("not_found");

            HttpResponse<String> wrongMethod = Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/healthz"))
                    .DELETE().build());
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.body()).isEqualTo("{\"error\":\"method_not_allowed\"}");

            HttpResponse<String> css = Http.get(server.baseUrl() + "/assets/rowgate.css");
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
            assertThat(css.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
            assertThat(css.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(css.body()).isEqualTo(new String(getClass().getResourceAsStream("/assets/rowgate.css").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String etag = css.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> unchanged = Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/assets/rowgate.css"))
                    .header("If-None-Match", "\"other\", W/" + etag).build());
            assertThat(unchanged.statusCode()).isEqualTo(304);
            assertThat(unchanged.body()).isEmpty();
            assertThat(Http.get(server.baseUrl() + "/assets/copy.js").headers().firstValue("Content-Type"))
                    .hasValue("text/javascript; charset=utf-8");
            HttpResponse<String> noAsset = Http.get(server.baseUrl() + "/assets/nope.css");
            assertThat(noAsset.statusCode()).isEqualTo(404);
            assertThat(noAsset.body()).isEqualTo("{\"error\":\"not_found\"}");
            HttpResponse<String> metrics = Http.get(server.baseUrl() + "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(metrics.body())
                    .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/healthz\",status=\"200\"} 1")
                    .contains("route=\"unmatched\",status=\"404\"")
                    .contains("route=\"/assets/{name}\",status=\"200\"")
                    .contains("hikaricp_connections_active")
                    .contains("jvm_memory_used_bytes");
            if (server.wiring().database().dialect() == dev.rowgate.config.DatabaseUrl.Dialect.SQLITE) {
                // The first start's seeding committed through the writer: at least one group of one or more.
                assertThat(metrics.body()).contains("rowgate_sqlite_writer_waiting_transactions ")
                        .containsPattern("rowgate_sqlite_writer_group_transactions_count(\\{[^}]*\\})? [1-9]");
            }
        }
    }

    @Test
    void healthzWhenDatabaseIsGoneThen503WithRetryAfter() {
        try (Server server = Server.start(config(), Clock.systemUTC())) {
            server.wiring().database().close();
            HttpResponse<String> health = Http.get(server.baseUrl() + "/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.headers().firstValue("Retry-After")).contains("5");
            assertThat(health.body()).contains("\"status\":\"unavailable\"");
        }
    }
}
