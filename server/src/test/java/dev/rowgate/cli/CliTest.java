package dev.rowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.cli.CliRun.Result;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.apps.App;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.token.Token;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.TestDb;
import dev.rowgate.web.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliTest extends BothDatabases {

    private Result rowgate(String... args) {
        return CliRun.rowgate(testDb, args);
    }

    @Test
    void plansUsersAndAppsEndToEndWithJson() {
        String plan = "Starter " + Fixtures.next();
        Result p = rowgate("plans", "add", "--name", plan, "--integration-rows", "5000", "--api-rows", "100", "--json");
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.json().get("integration_rows").asLong()).isEqualTo(5000);

        String email = "dev" + Fixtures.next() + "@example.com";
        Result u = rowgate("users", "add", "--email", email, "--password", "a long password", "--plan", plan, "--json");
        assertThat(u.code()).as(u.err()).isZero();
        assertThat(u.json().get("plan").asText()).isEqualTo(plan);

        String name = "Rank Tracker " + Fixtures.next();
        Result a = rowgate("apps", "add", "--name", name, "--type", "web", "--redirect-uri", "https://tracker.example/cb",
                "https://tracker.example/cb2", "--owner", email, "--approve", "--json");
        assertThat(a.code()).as(a.err()).isZero();
        JsonNode app = a.json();
        String clientId = app.get("client_id").asText();
        String secret = app.get("client_secret").asText();
        assertThat(clientId).startsWith("rank-tracker-");
        assertThat(app.get("status").asText()).isEqualTo("approved");
        assertThat(app.get("invitation_url").asText()).isEqualTo("https://auth.example.com/oauth2/authorize.php?response_type=code&client_id="
                + clientId + "&scope=api&redirect_uri=https%3A%2F%2Ftracker.example%2Fcb");
        App stored = db().read((Tx tx) -> stores().apps().findByClientId(tx, clientId)).orElseThrow();
        assertThat(stored.redirectUris()).containsExactly("https://tracker.example/cb", "https://tracker.example/cb2");
        List<String> hashes = db().read((Tx tx) -> stores().apps().activeSecretHashes(tx, stored.id(), System.currentTimeMillis()));
        assertThat(hashes).containsExactly(Secrets.hash(secret));

        Result list = rowgate("apps", "list", "--json");
        assertThat(list.code()).isZero();
        assertThat(list.json().findValuesAsText("client_id")).contains(clientId);
        assertThat(list.out()).doesNotContain(secret);
    }

    @Test
    void rotateSecretPrintsTheNewOneOnceAndKeepsTheOldForTheOverlap() {
        Result a = rowgate("apps", "add", "--name", "Rotator " + Fixtures.next(), "--type", "web", "--redirect-uri", "https://r.example/cb",
                "--approve", "--json");
        String clientId = a.json().get("client_id").asText();
        String old = a.json().get("client_secret").asText();
        App app = db().read((Tx tx) -> stores().apps().findByClientId(tx, clientId)).orElseThrow();

        Result r = rowgate("apps", "rotate-secret", "--client-id", clientId, "--overlap", "2h", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        String fresh = r.json().get("client_secret").asText();
        long now = System.currentTimeMillis();
        assertThat(db().read((Tx tx) -> stores().apps().activeSecretHashes(tx, app.id(), now)))
                .containsExactlyInAnyOrder(Secrets.hash(old), Secrets.hash(fresh));
        assertThat(db().read((Tx tx) -> stores().apps().activeSecretHashes(tx, app.id(), now + 3 * 3_600_000L)))
                .containsExactly(Secrets.hash(fresh));
        assertThat(rowgate("apps", "rotate-secret", "--client-id", clientId, "--overlap", "soon").err())
                .isEqualTo("rowgate: --overlap: \"soon\" is not a duration such as 0, 90m, 24h or 7d" + System.lineSeparator());
        assertThat(rowgate("apps", "rotate-secret", "--client-id", clientId, "--overlap", "31d").code()).isEqualTo(2);
    }

    @Test
    void importedDesktopAppKeepsClientIdWithSpaces() {
        String clientId = "Serp Avenger-development " + Fixtures.next();
        Result a = rowgate("apps", "add", "--name", "Serp Avenger", "--type", "desktop", "--client-id", clientId,
                "--redirect-uri", "https://auth.example.com/oauth2/token-display", "--approve");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).contains("client_secret:  none (public client)")
                .contains("invitation_url: https://auth.example.com/oauth2/authorize.php?response_type=token&client_id="
                        + clientId.replace(' ', '+') + "&scope=api");
    }

    @Test
    void appsSetSwitchesTheLegacyTokenFlowPerApp() {
        long appId = new Fixtures(db(), stores()).app(App.Type.DESKTOP, "http://127.0.0.1/cb");
        String clientId = db().read((Tx tx) -> stores().apps().findById(tx, appId)).orElseThrow().clientId();
        for (String value : List.of("off", "on", "default")) {
            Result r = rowgate("apps", "set", "--client-id", clientId, "--legacy-token-flow", value);
            assertThat(r.code()).as(r.err()).isZero();
            Boolean stored = db().read((Tx tx) -> stores().apps().findById(tx, appId)).orElseThrow().legacyTokenFlow();
            assertThat(stored).isEqualTo(switch (value) { case "off" -> Boolean.FALSE; case "on" -> Boolean.TRUE; default -> null; });
        }
        assertThat(rowgate("apps", "set", "--client-id", clientId, "--legacy-token-flow", "maybe").err())
                .isEqualTo("rowgate: --legacy-token-flow: must be on, off or default" + System.lineSeparator());
    }

    @Test
    void grantsListShowsAUsersConnectedAppsAndCapSetsAndClearsTheCap() {
        Fixtures f = new Fixtures(db(), stores());
        long account = f.account();
        long appId = f.app(App.Type.WEB);
        long grant = f.grant(account, appId);
        String email = db().read((Tx tx) -> stores().accounts().findById(tx, account)).orElseThrow().email();
        String clientId = db().read((Tx tx) -> stores().apps().findById(tx, appId)).orElseThrow().clientId();

        Result capped = rowgate("grants", "cap", "--email", email, "--app", clientId, "--cap", "2500");
        assertThat(capped.code()).as(capped.err()).isZero();
        assertThat(db().read((Tx tx) -> stores().grants().findById(tx, grant)).orElseThrow().monthlyCap()).isEqualTo(2500L);

        Result list = rowgate("grants", "list", "--email", email, "--json");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.json().get(0).get("client_id").asText()).isEqualTo(clientId);
        assertThat(list.json().get(0).get("monthly_cap").asLong()).isEqualTo(2500);
        assertThat(list.json().get(0).get("rows_this_period").asLong()).isZero();

        assertThat(rowgate("grants", "cap", "--email", email, "--app", clientId, "--cap", "none").code()).isZero();
        assertThat(db().read((Tx tx) -> stores().grants().findById(tx, grant)).orElseThrow().monthlyCap()).isNull();
        assertThat(rowgate("grants", "cap", "--email", email, "--app", clientId, "--cap", "-3").err())
                .isEqualTo("rowgate: cap: must not be negative" + System.lineSeparator());
    }

    @Test
    void tokensRevokeByUserAndAppRevokesTheGrantAndItsTokens() {
        Fixtures f = new Fixtures(db(), stores());
        long account = f.account();
        long appId = f.app(App.Type.WEB);
        long grant = f.grant(account, appId);
        String token = Secrets.newToken();
        db().inTransaction((Tx tx) -> stores().tokens().insert(tx, new Token.New(Secrets.hash(token), Token.Kind.ACCESS, appId, account,
                grant, "fam", null, null, "api", 1L, Long.MAX_VALUE)));
        String email = db().read((Tx tx) -> stores().accounts().findById(tx, account)).orElseThrow().email();
        String clientId = db().read((Tx tx) -> stores().apps().findById(tx, appId)).orElseThrow().clientId();

        Result r = rowgate("tokens", "revoke", "--app", clientId, "--user", email, "--json");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("revoked").asInt()).isEqualTo(1);
        assertThat(db().read((Tx tx) -> stores().grants().findById(tx, grant)).orElseThrow().active()).isFalse();
        assertThat(db().read((Tx tx) -> stores().tokens().findByHash(tx, Secrets.hash(token))).orElseThrow().revokedAt()).isNotNull();

        Result again = rowgate("tokens", "revoke", "--token", token);
        assertThat(again.out()).contains("revoked 0 token(s)");
    }

    @Test
    void badInputGivesOneLineOnStderrAndExitCode2() {
        String email = "twice" + Fixtures.next() + "@example.com";
        assertThat(rowgate("users", "add", "--email", email, "--password", "password-1").code()).isZero();

        Result dup = rowgate("users", "add", "--email", email.toUpperCase(), "--password", "password-2");
        assertThat(dup.code()).isEqualTo(2);
        assertThat(dup.err()).isEqualTo("rowgate: email: an account with " + email + " exists already" + System.lineSeparator());
        assertThat(dup.out()).isEmpty();

        Result weak = rowgate("users", "add", "--email", "x" + email, "--password", "short");
        assertThat(weak.code()).isEqualTo(2);
        assertThat(weak.err()).isEqualTo("rowgate: password: must be at least 8 characters" + System.lineSeparator());

        Result noPlan = rowgate("users", "add", "--email", "y" + email, "--password", "password-3", "--plan", "Nope");
        assertThat(noPlan.err()).startsWith("rowgate: plan: no plan named \"Nope\"");

        Result badUri = rowgate("apps", "add", "--name", "X", "--type", "web", "--redirect-uri", "http://evil.example/cb");
        assertThat(badUri.code()).isEqualTo(2);
        assertThat(badUri.err()).startsWith("rowgate: redirect URI \"http://evil.example/cb\" must use https");

        Result badConfig = rowgate("migrate", "--set", "tokens.code_ttl=1h");
        assertThat(badConfig.code()).isEqualTo(2);
        assertThat(badConfig.err()).isEqualTo("rowgate: config: tokens.code_ttl = \"1h\" (from the command line) must be from 1s to 10m"
                + System.lineSeparator());

        Result unknownOption = rowgate("plans", "add", "--name", "x", "--integration-rows", "lots", "--api-rows", "1");
        assertThat(unknownOption.code()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Invalid value for option '--integration-rows'");

        for (Result r : List.of(dup, weak, noPlan, badUri, badConfig, unknownOption)) {
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void unreachableDatabaseGivesOneLineAndExitCode1() {
        Result r = rowgate("migrate", "--db", "postgresql://postgres@127.0.0.1:1/nowhere");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("rowgate: database: cannot open postgresql://postgres@127.0.0.1:1/nowhere: ");
        assertThat(r.err().strip()).doesNotContain("\n");
    }

    @Test
    void ledgerVerifyIsCleanAfterChargesAndExitsOneOnATamperedCounter() {
        Fixtures f = new Fixtures(db(), stores());
        long plan = f.plan();
        long account = f.account();
        db().inTransaction((Tx tx) -> stores().accounts().setPlan(tx, account, plan, System.currentTimeMillis(), null));
        long grant = f.grant(account, f.app(App.Type.WEB));
        var ledger = new dev.rowgate.ledger.Ledger(db(), stores().ledger(), stores().accounts(), stores().plans(), stores().grants(),
                java.time.Clock.systemUTC());
        assertThat(ledger.charge(new dev.rowgate.ledger.ChargeRequest(account, new dev.rowgate.ledger.ChargeRequest.Via.App(grant), "r", null, 40, null)))
                .isInstanceOf(dev.rowgate.ledger.ChargeResult.Charged.class);

        Result clean = rowgate("ledger", "verify", "--json");
        assertThat(clean.code()).as(clean.err()).isZero();
        assertThat(clean.json().get("clean").asBoolean()).isTrue();

        db().inTransaction((Tx tx) -> dev.rowgate.store.Jdbc.update(tx, "UPDATE grant_usage SET used = used + 5 WHERE grant_id = ?", grant));
        Result dirty = rowgate("ledger", "verify");
        assertThat(dirty.code()).isEqualTo(1);
        assertThat(dirty.out()).startsWith("ledger has 1 mismatch(es)").contains("grant_usage " + grant).contains("counter 45, entries 40");
        db().inTransaction((Tx tx) -> dev.rowgate.store.Jdbc.update(tx, "UPDATE grant_usage SET used = used - 5 WHERE grant_id = ?", grant));
    }

    @Test
    void keysAddListRevokeNeverListTheKeyItself() {
        String email = "keys" + Fixtures.next() + "@example.com";
        assertThat(rowgate("users", "add", "--email", email, "--password", "password-k1").code()).isZero();

        Result added = rowgate("keys", "add", "--email", email, "--name", "ci runner", "--json");
        assertThat(added.code()).as(added.err()).isZero();
        String key = added.json().get("key").asText();
        assertThat(key).matches("[0-9a-f]{40}");
        long id = added.json().get("id").asLong();

        Result listed = rowgate("keys", "list", "--email", email, "--json");
        assertThat(listed.out()).contains("ci runner").doesNotContain(key);
        assertThat(db().read((Tx tx) -> stores().apiKeys().findUsable(tx, Secrets.hash(key)))).isPresent();

        assertThat(rowgate("keys", "revoke", "--email", email, "--id", Long.toString(id)).code()).isZero();
        assertThat(db().read((Tx tx) -> stores().apiKeys().findUsable(tx, Secrets.hash(key)))).isEmpty();
        Result again = rowgate("keys", "revoke", "--email", email, "--id", Long.toString(id));
        assertThat(again.code()).isEqualTo(2);
    }

    @Test
    void dataSampleLoadsASyntheticWebAndDataLoadReportsBadLines() throws Exception {
        Result sample = rowgate("data", "sample", "--pages", "200", "--seed", "5", "--json");
        assertThat(sample.code()).as(sample.err()).isZero();
        assertThat(sample.json().get("synthetic").asBoolean()).isTrue();
        assertThat(sample.json().get("pages").asLong()).isEqualTo(200);
        assertThat(sample.json().get("example_target").asText()).endsWith(".example");
        assertThat(sample.json().at("/loaded/links").asLong()).isEqualTo(sample.json().get("links").asLong()).isPositive();

        java.nio.file.Path file = java.nio.file.Files.createTempFile("rowgate-load-", ".jsonl");
        try {
            java.nio.file.Files.writeString(file, "{\"url\":\"https://cli" + Fixtures.next() + ".example/\"}\n{\"url\":42}\n");
            Result load = rowgate("data", "load", file.toString());
            assertThat(load.code()).as(load.err()).isZero();
            assertThat(load.out()).startsWith("loaded 1 pages and 0 links in").contains("1 bad line(s) skipped" + System.lineSeparator())
                    .containsPattern("scored \\d+ pages over \\d+ dofollow links and \\d+ domains");
            assertThat(load.err()).isEqualTo("rowgate: skipped " + file + ":2: url \"42\" is not an http(s) URL" + System.lineSeparator());

            // --no-scores leaves them to a running server; the next scoring catches up, and then nothing is left to do.
            java.nio.file.Files.writeString(file, "{\"url_from\":\"https://a" + Fixtures.next() + ".example/\",\"url_to\":\"https://b.example/\"}\n");
            Result unscored = rowgate("data", "load", "--no-scores", "--json", file.toString());
            assertThat(unscored.code()).as(unscored.err()).isZero();
            assertThat(unscored.json().get("links").asLong()).isEqualTo(1);
            assertThat(unscored.json().has("scores")).isFalse();
            Result again = rowgate("data", "load", "--json", file.toString());
            assertThat(again.json().at("/scores/pages").asLong()).isPositive();
            Result forced = rowgate("data", "scores");
            assertThat(forced.out()).containsPattern("scored \\d+ pages");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
        Result missing = rowgate("data", "load", "/no/such/file.jsonl");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("rowgate: file /no/such/file.jsonl does not exist" + System.lineSeparator());
    }

    @Test
    void migrateReportsTheSchemaVersion() {
        Result r = rowgate("migrate", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("schema_version").asText()).isEqualTo(TestDb.latestMigration(testDb.dialect()));
        assertThat(r.json().get("database").asText()).isEqualTo(testDb.url().display());
    }
}
