package dev.rowgate.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.NodeProcess;
import dev.rowgate.testing.TestServer;
import dev.rowgate.web.Json;

/**
 * What an operator sets up with the CLI before the process tests run, each command a process of its own against the
 * shared database (README's CLI table): a plan, a user on it, an approved web app.
 */
final class Operator {

    static final String REDIRECT_URI = "https://client.example/cb";

    /** An app as the integration holds it. */
    record App(String clientId, String secret, String redirectUri) {}

    private final DatabaseUrl db;

    Operator(DatabaseUrl db) {
        this.db = db;
    }

    String plan(long integrationRows) {
        String name = "Plan " + Fixtures.next();
        run(null, "plans", "add", "--name", name, "--integration-rows", Long.toString(integrationRows), "--api-rows", "0");
        return name;
    }

    TestServer.User user(String plan) {
        String email = "user" + Fixtures.next() + "@example.com";
        String password = "a long password " + Fixtures.next();
        run(password + "\n", "users", "add", "--email", email, "--password-stdin", "--plan", plan);
        return new TestServer.User(email, password, null);
    }

    App app() {
        JsonNode app = run(null, "apps", "add", "--name", "Node App " + Fixtures.next(), "--type", "web", "--redirect-uri", REDIRECT_URI,
                "--approve", "--json");
        return new App(app.get("client_id").asText(), app.get("client_secret").asText(), REDIRECT_URI);
    }

    /** {@code rowgate ledger verify --json}: exits 0 on a clean ledger; the whole answer is printed into the test output. */
    JsonNode verifyLedger() {
        NodeProcess.CliResult r = NodeProcess.cli(db, null, "ledger", "verify", "--json");
        System.out.println("rowgate ledger verify --json (exit " + r.exit() + "): " + r.out().replaceAll("\\s+", " ").strip());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode v = json(r.out());
        assertThat(v.get("clean").asBoolean()).as(r.out()).isTrue();
        return v;
    }

    private JsonNode run(String stdin, String... args) {
        NodeProcess.CliResult r = NodeProcess.cli(db, stdin, args);
        assertThat(r.exit()).as("rowgate " + String.join(" ", args) + ":\n" + r.out() + r.err()).isZero();
        return args[args.length - 1].equals("--json") ? json(r.out()) : null;
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
