package dev.rowgate.testing;

import dev.rowgate.Server;
import dev.rowgate.Wiring;
import dev.rowgate.accounts.Account;
import dev.rowgate.apps.App;
import dev.rowgate.apps.AppRegistration;
import dev.rowgate.config.ConfigLoader;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.ledger.Plan;
import dev.rowgate.store.Tx;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole Rowgate on a fresh database and a free loopback port, with a {@link MutableClock}, for tests that speak
 * HTTP to it as apps and browsers do. Fixtures (users on a plan, registered apps) go through the same services the
 * CLI uses.
 */
public final class TestServer implements AutoCloseable {

    public record User(String email, String password, Account account) {}

    public record Client(String clientId, String secret, String redirectUri, App app) {}

    private final TestDb db;
    private final Server server;
    private final MutableClock clock;
    private final String issuer;

    private TestServer(TestDb db, Server server, MutableClock clock, String issuer) {
        this.db = db;
        this.server = server;
        this.clock = clock;
        this.issuer = issuer;
    }

    public static TestServer start(Dialect dialect) {
        return start(dialect, Map.of());
    }

    public static TestServer start(Dialect dialect, Map<String, String> config) {
        TestDb db = TestDb.create(dialect);
        try {
            return start(db, db.url().display(), config);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * A server on a database the test manages itself (a private PostgreSQL cluster, a SQLite file on a small disk).
     * Not a first start: the test plan and an account are created before, so no demo data or sample web is seeded
     * (seconds of work).
     */
    public static TestServer startOn(String databaseUrl, Map<String, String> config) {
        try (Wiring w = Wiring.build(ConfigLoader.load(null, Map.of(), Map.of("database.url", databaseUrl)), java.time.Clock.systemUTC())) {
            if (w.database().read((Tx tx) -> w.stores().accounts().count(tx)) == 0) {
                w.plans().add(TEST_PLAN, 50_000, 1_000, Plan.Period.MONTHLY);
                w.accountRegistration().create("operator" + Fixtures.next() + "@example.com", "password-" + Fixtures.next(), Account.Role.ADMIN, null);
            }
        }
        return start(null, databaseUrl, config);
    }

    private static final String TEST_PLAN = "Test plan";

    private static TestServer start(TestDb db, String databaseUrl, Map<String, String> config) {
        int port = freePort();
        String issuer = "http://127.0.0.1:" + port;
        Map<String, String> flags = new HashMap<>(Map.of("listen.port", Integer.toString(port), "issuer", issuer,
                "database.url", databaseUrl, "cleanup.interval", "1h",
                "scores.interval", "1h"));
        flags.putAll(config);
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        Server server = Server.start(ConfigLoader.load(null, Map.of(), flags), clock);
        return new TestServer(db, server, clock, issuer);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public String url(String path) {
        return issuer + path;
    }

    /** The running server (its background jobs, ports). */
    public Server server() {
        return server;
    }

    /** The bound port of the main listener. */
    public int port() {
        return server.port();
    }

    /** The bound port of the api.port listener, or -1 without one. */
    public int apiPort() {
        return server.apiPort();
    }

    public MutableClock clock() {
        return clock;
    }

    public Wiring wiring() {
        return server.wiring();
    }

    public Browser browser() {
        return new Browser(issuer);
    }

    /** A user on a plan with 50,000 integration rows and 1,000 API rows. */
    public User user() {
        Wiring w = wiring();
        String plan = TEST_PLAN;
        if (w.database().read((Tx tx) -> w.stores().plans().findByName(tx, plan)).isEmpty()) {
            w.plans().add(plan, 50_000, 1_000, Plan.Period.MONTHLY);
        }
        String email = "user" + Fixtures.next() + "@example.com";
        String password = "password-" + Fixtures.next();
        return new User(email, password, w.accountRegistration().create(email, password, Account.Role.USER, plan));
    }

    public Client webApp(String clientId, String... redirectUris) {
        return register(clientId, App.Type.WEB, redirectUris.length == 0 ? new String[] {"https://client.example/cb"} : redirectUris);
    }

    public Client webApp() {
        return webApp(null);
    }

    public Client desktopApp(String clientId, String... redirectUris) {
        return register(clientId, App.Type.DESKTOP, redirectUris.length == 0 ? new String[] {"http://127.0.0.1/callback"} : redirectUris);
    }

    private Client register(String clientId, App.Type type, String[] redirectUris) {
        var r = wiring().appRegistration().register(new AppRegistration.Request("App " + Fixtures.next(), "", type, List.of(redirectUris),
                clientId, null, null, true, null, null));
        return new Client(r.app().clientId(), r.clientSecret(), redirectUris[0], r.app());
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            if (db != null) db.close();
        }
    }
}
