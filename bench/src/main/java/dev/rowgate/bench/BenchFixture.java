package dev.rowgate.bench;

import dev.rowgate.Wiring;
import dev.rowgate.accounts.Account;
import dev.rowgate.apps.App;
import dev.rowgate.apps.AppRegistration;
import dev.rowgate.config.ConfigLoader;
import dev.rowgate.grants.Grant;
import dev.rowgate.ledger.Plan;
import dev.rowgate.store.Tx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What every benchmark needs on a fresh database, made through the services the CLI uses: a plan with an allowance
 * no run can spend, one user on it, one approved web app with a fixed client_id and secret, and the user's grant to
 * that app (as a consent on the authorization page makes it).
 */
public record BenchFixture(Account user, App app, Grant grant) {

    public static final String PLAN = "Bench";
    /** Far more rows than any run charges, so no charge is ever refused. */
    public static final long ROWS = 1_000_000_000_000_000L;
    public static final String EMAIL = "bench@rowgate.local";
    public static final String PASSWORD = "bench-password-not-secret";
    public static final String CLIENT_ID = "rowgate-bench";
    public static final String CLIENT_SECRET = "bench-client-secret-not-secret";
    public static final String REDIRECT_URI = "https://bench.example/callback";

    /** Creates the fixture; the database must hold no account yet (a fresh one). */
    public static BenchFixture create(Wiring w) {
        long accounts = w.database().read((Tx tx) -> w.stores().accounts().count(tx));
        if (accounts > 0) throw new IllegalStateException("the database is not fresh: it holds " + accounts + " account(s)");
        w.plans().add(PLAN, ROWS, ROWS, Plan.Period.MONTHLY);
        Account user = w.accountRegistration().create(EMAIL, PASSWORD, Account.Role.USER, PLAN);
        App app = w.appRegistration().register(new AppRegistration.Request("Rowgate Bench", "the load benchmark's web app",
                App.Type.WEB, List.of(REDIRECT_URI), CLIENT_ID, CLIENT_SECRET, null, true, null, null)).app();
        Grant grant = w.consents().allow(user.id(), app.id(), null, "127.0.0.1");
        return new BenchFixture(user, app, grant);
    }

    /** Wiring for a database URL (sqlite:PATH or postgresql://...), migrated; flags are extra config keys. */
    public static Wiring wiring(String databaseUrl, Map<String, String> flags) {
        Map<String, String> all = new HashMap<>(flags);
        all.put("database.url", databaseUrl);
        // Not the process environment: a ROWGATE_* variable of the shell must not point the benchmark elsewhere.
        return Wiring.build(ConfigLoader.load(null, Map.of(), all), Clock.systemUTC());
    }

    /** A fresh SQLite database in a new temporary folder (JMH states); {@link #deleteTree} removes it. */
    public static Path tempSqliteFolder() {
        try {
            return Files.createTempDirectory("rowgate-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path folder) {
        if (folder == null || !Files.exists(folder)) return;
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
