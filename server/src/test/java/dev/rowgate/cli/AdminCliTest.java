package dev.rowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.cli.CliRun.Result;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.accounts.Account;
import dev.rowgate.apps.App;
import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.lifecycle.SettingsStore;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.web.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI counterparts of the operator console: app review, users, plans, lifecycle and app import. */
class AdminCliTest extends BothDatabases {

    private Result rowgate(String... args) {
        return CliRun.rowgate(testDb, args);
    }

    private App app(String clientId) {
        return db().read((Tx tx) -> stores().apps().findByClientId(tx, clientId)).orElseThrow();
    }

    private List<String> events() {
        return db().read((Tx tx) -> stores().audit().events(tx));
    }

    @Test
    void appsApproveRejectSuspendReinstateFollowTheReviewRules() {
        String clientId = "review-" + Fixtures.next();
        assertThat(rowgate("apps", "add", "--name", "Review", "--type", "desktop", "--client-id", clientId, "--redirect-uri",
                "http://127.0.0.1/cb").code()).isZero();
        assertThat(app(clientId).status()).isEqualTo(App.Status.PENDING);

        Result suspendPending = rowgate("apps", "suspend", "--client-id", clientId);
        assertThat(suspendPending.code()).isEqualTo(2);
        assertThat(suspendPending.err()).isEqualTo("rowgate: app \"" + clientId + "\" is pending; it cannot be suspended" + System.lineSeparator());

        Result approve = rowgate("apps", "approve", "--client-id", clientId, "--json");
        assertThat(approve.code()).as(approve.err()).isZero();
        assertThat(approve.json().get("status").asText()).isEqualTo("approved");
        assertThat(rowgate("apps", "suspend", "--client-id", clientId).out()).contains("suspended (now suspended)");
        assertThat(app(clientId).status()).isEqualTo(App.Status.SUSPENDED);
        assertThat(rowgate("apps", "reinstate", "--client-id", clientId).code()).isZero();
        assertThat(app(clientId).status()).isEqualTo(App.Status.APPROVED);
        assertThat(rowgate("apps", "reject", "--client-id", clientId).code()).isEqualTo(2);
        assertThat(rowgate("apps", "approve", "--client-id", "no such app").err()).contains("no app with client_id \"no such app\"");
        assertThat(events()).contains("app.approve", "app.suspend", "app.reinstate");
    }

    @Test
    void usersDisableEnableAndSetPlan() {
        String plan = "Cli plan " + Fixtures.next();
        assertThat(rowgate("plans", "add", "--name", plan, "--integration-rows", "10", "--api-rows", "1").code()).isZero();
        String email = "cli" + Fixtures.next() + "@example.com";
        assertThat(rowgate("users", "add", "--email", email, "--password", "a long password").code()).isZero();

        assertThat(rowgate("users", "disable", "--email", email).out()).isEqualTo("disabled " + email + System.lineSeparator());
        Account a = db().read((Tx tx) -> stores().accounts().findByEmail(tx, email)).orElseThrow();
        assertThat(a.status()).isEqualTo(Account.Status.DISABLED);
        assertThat(rowgate("users", "enable", "--email", email, "--json").json().get("status").asText()).isEqualTo("active");

        Result setPlan = rowgate("users", "set-plan", "--email", email, "--plan", plan, "--json");
        assertThat(setPlan.code()).as(setPlan.err()).isZero();
        assertThat(setPlan.json().get("plan").asText()).isEqualTo(plan);
        assertThat(rowgate("users", "set-plan", "--email", email, "--no-plan").out()).contains("no plan (No Subscription)");
        assertThat(rowgate("users", "set-plan", "--email", email).err()).contains("give --plan NAME or --no-plan");
        assertThat(rowgate("users", "disable", "--email", "nobody@example.com").err()).contains("no account with email nobody@example.com");
        assertThat(events()).contains("account.disable", "account.enable", "account.plan");
    }

    @Test
    void plansEditChangesAllowances() {
        String plan = "Edit me " + Fixtures.next();
        assertThat(rowgate("plans", "add", "--name", plan, "--integration-rows", "10", "--api-rows", "1").code()).isZero();

        Result r = rowgate("plans", "edit", "--name", plan, "--api-rows", "7", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("api_rows").asLong()).isEqualTo(7);
        assertThat(r.json().get("integration_rows").asLong()).isEqualTo(10);
        assertThat(rowgate("plans", "edit", "--name", plan).err()).contains("give --integration-rows and/or --api-rows");
        assertThat(rowgate("plans", "edit", "--name", plan, "--api-rows", "-1").err()).contains("API rows: must be 0 or more");
        assertThat(events()).contains("plan.update");
    }

    @Test
    void lifecycleSubmissionsAndSunsets() {
        Result close = rowgate("lifecycle", "submissions", "close", "--message", "Closed for the migration.", "--json");
        assertThat(close.code()).as(close.err()).isZero();
        assertThat(close.json().get("submissions_open").asBoolean()).isFalse();
        assertThat(close.json().get("submissions_message").asText()).isEqualTo("Closed for the migration.");

        Result sunset = rowgate("lifecycle", "sunset", "api_keys", "2030-06-01", "--json");
        assertThat(sunset.code()).as(sunset.err()).isZero();
        assertThat(sunset.json().at("/sunsets/api_keys").asText()).isEqualTo("2030-06-01T00:00:00Z");
        assertThat(sunset.json().at("/sunsets/integration_apps").isNull()).isTrue();
        SettingsStore settings = stores().settings();
        assertThat(db().read((Tx tx) -> settings.get(tx, "sunset.api_keys.at"))).isPresent();

        assertThat(rowgate("lifecycle", "sunset", "api_keys", "--clear").out()).contains("sunset api_keys: none");
        assertThat(rowgate("lifecycle", "sunset", "v1", "2030-06-01").err()).contains("PATH: must be api_keys or integration_apps");
        assertThat(rowgate("lifecycle", "sunset", "api_keys").err()).contains("give a DATE or --clear");
        assertThat(rowgate("lifecycle", "sunset", "api_keys", "soon").err()).contains("is not a date");
        assertThat(rowgate("lifecycle", "submissions", "open").out()).contains("submissions: open");
        assertThat(rowgate("lifecycle", "show").out()).contains("auto-approve: off").contains("sign-up: open");
        assertThat(events()).contains("lifecycle.submissions", "lifecycle.sunset");
        assertThat(Lifecycle.AccessPath.byKey("api_keys")).isPresent();
    }

    @Test
    void appsImportIsAllOrNothingAndNamesBadLines() throws Exception {
        String n = Integer.toString(Fixtures.next());
        Path good = Files.createTempFile("rowgate-import-", ".csv");
        Path bad = Files.createTempFile("rowgate-import-", ".json");
        try {
            String secret = "imported-secret-" + n + "-abcdef";
            Files.writeString(good, "client_id,name,type,redirect_uris,secret\n\"Imported App " + n + "\",Imported,web,https://i.example/cb,"
                    + secret + "\n");
            Result ok = rowgate("apps", "import", good.toString());
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("imported 1 app(s)").contains("Imported App " + n + "  [web, approved]").doesNotContain(secret);
            App app = app("Imported App " + n);
            assertThat(db().read((Tx tx) -> stores().apps().activeSecretHashes(tx, app.id(), System.currentTimeMillis())))
                    .containsExactly(Secrets.hash(secret));

            Files.writeString(bad, "[{\"client_id\": \"fine-" + n + "\", \"type\": \"desktop\", \"redirect_uris\": \"http://127.0.0.1/cb\"},"
                    + " {\"client_id\": \"Imported App " + n + "\", \"type\": \"desktop\", \"redirect_uris\": \"http://127.0.0.1/cb\"}]");
            Result refused = rowgate("apps", "import", bad.toString());
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err()).contains(bad.getFileName() + ": record 2: client_id \"Imported App " + n + "\" is taken by another app")
                    .contains("nothing was imported");
            assertThat(db().read((Tx tx) -> stores().apps().findByClientId(tx, "fine-" + n))).isEmpty();
            assertThat(rowgate("apps", "import", "/no/such/file.csv").err()).contains("FILE: cannot read");
        } finally {
            Files.deleteIfExists(good);
            Files.deleteIfExists(bad);
        }
    }
}
