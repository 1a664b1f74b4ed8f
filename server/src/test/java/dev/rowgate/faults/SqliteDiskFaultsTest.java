package dev.rowgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.rowgate.ledger.Ledger;
import dev.rowgate.linkdata.Loader;
import dev.rowgate.store.Database;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.ScratchDisk;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 6: the SQLite file's disk fills up, or the file becomes read-only, under a running Rowgate. Writes (a token
 * refresh, a metered v2 call, a sign-in) fail with 503 and Retry-After in their endpoint's form and a log line naming
 * the cause; reads (introspection, subscription_info, /healthz) go on; nothing is corrupted (integrity_check, the
 * ledger); and once the cause is gone the same server writes again, without a restart.
 */
class SqliteDiskFaultsTest {

    private ScratchDisk disk;
    private TestServer server;
    private ListAppender<ILoggingEvent> log;
    private Logger databaseLogger;
    private Level levelBefore;

    private TestServer.Client client;
    private TestServer.User person;
    private String access;
    private String refresh;
    private String site;
    private long charged;

    @BeforeEach
    void start() throws Exception {
        disk = ScratchDisk.mount(32);
        server = TestServer.startOn("sqlite:" + disk.path().resolve("rowgate.db"), Map.of());
        databaseLogger = (Logger) LoggerFactory.getLogger(Database.class);
        levelBefore = databaseLogger.getLevel();
        databaseLogger.setLevel(Level.INFO);
        log = new ListAppender<>();
        log.start();
        databaseLogger.addAppender(log);

        site = loadLinks();
        client = server.webApp();
        var user = server.user();
        person = server.user();
        var tokens = OAuthTestKit.tokens(new TokenClient(server.issuer()), client, OAuthTestKit.code(server, client, user, ""));
        access = tokens.get("access_token").asText();
        refresh = tokens.get("refresh_token").asText();
        assertWritesWork();
    }

    @AfterEach
    void stop() {
        if (databaseLogger != null) {
            databaseLogger.detachAppender(log);
            databaseLogger.setLevel(levelBefore);
        }
        try {
            if (disk != null) disk.readOnly(false); // after a failure half-way: let the server close its files normally
            if (server != null) server.close();
        } finally {
            if (disk != null) disk.close();
        }
    }

    @Test
    void diskFullThenWritesAnswer503ReadsGoOnAndFreeingSpaceRecoversWithoutRestart() throws Exception {
        // The WAL is emptied first, as after a checkpoint: the next write needs new blocks, which a full disk has not.
        emptyTheLog();
        assertThat(disk.fill()).isPositive();

        assertWritesFail();
        assertReadsWork();
        assertThat(health()).isEqualTo("{\"status\":\"degraded\",\"database\":\"sqlite\",\"reason\":\"writes fail: the database is out of disk space\"}");
        assertLogged(Level.WARN, "database: sqlite:" + disk.path().resolve("rowgate.db") + " is out of disk space ([SQLITE_FULL]");
        assertCliWriteFailsWithOneLine(" is out of disk space ([SQLITE_FULL]");

        disk.free();

        assertWritesWork();
        assertLogged(Level.INFO, "database: writes work again");
        assertIntactAndLedgerAddsUp();
    }

    @Test
    void fileReadOnlyThenWritesAnswer503ReadsGoOnAndWritableAgainRecoversWithoutRestart() throws Exception {
        // The server's checkpointer copies the last commits moments after them; a checkpoint that writes the -shm map
        // of a file turned immutable under it is SIGBUS, like any write to it (SqliteCheckpointer). The test is of
        // files turned read-only between writes, so the log is emptied first: nothing is left to copy.
        emptyTheLog();
        disk.readOnly(true);

        assertWritesFail();
        assertReadsWork();
        assertThat(health()).isEqualTo("{\"status\":\"degraded\",\"database\":\"sqlite\",\"reason\":\"writes fail: the database is read-only\"}");
        assertLogged(Level.WARN, "database: sqlite:" + disk.path().resolve("rowgate.db") + " is read-only (");
        assertLogged(Level.WARN, "is not writable (its permissions, or the immutable flag: lsattr)");
        assertCliWriteFailsWithOneLine(" is read-only (" + disk.path().resolve("rowgate.db") + " is not writable");

        disk.readOnly(false);

        assertWritesWork();
        assertLogged(Level.INFO, "database: writes work again");
        assertIntactAndLedgerAddsUp();
    }

    /** Empties the WAL with a TRUNCATE checkpoint, retried while the server's own checkpointer holds the lock (busy, 1). */
    private void emptyTheLog() throws java.io.IOException {
        dev.rowgate.testing.NodeProcess.waitUntil(java.time.Duration.ofSeconds(5), () -> server.wiring().database()
                .read((Tx tx) -> Jdbc.query(tx, "PRAGMA wal_checkpoint(TRUNCATE)", rs -> rs.getInt(1))).equals(java.util.List.of(0)),
                "a TRUNCATE checkpoint that is not busy");
        assertThat(java.nio.file.Files.size(disk.path().resolve("rowgate.db-wal"))).as("the WAL, truncated").isZero();
    }

    /** A refresh, a metered call and a sign-in, each of which writes. */
    private void assertWritesWork() {
        var refreshed = OAuthTestKit.refresh(new TokenClient(server.issuer()), client, refresh);
        refresh = OAuthTestKit.assertFiveFieldTokenResponse(refreshed).get("refresh_token").asText();
        HttpResponse<String> metered = v2("from=backlinks&mode=domain&target=" + site);
        assertThat(metered.body()).startsWith("{\"refpages\":[");
        charged += Long.parseLong(metered.headers().firstValue("X-Rows-Charged").orElseThrow());
        server.browser().signIn(person);
        assertThat(health()).isEqualTo("{\"status\":\"ok\",\"database\":\"sqlite\"}");
    }

    private void assertWritesFail() {
        assertUnavailable(OAuthTestKit.refresh(new TokenClient(server.issuer()), client, refresh), r ->
                OAuthTestKit.assertOAuthError(r, 503, "temporarily_unavailable"));
        assertUnavailable(v2("from=backlinks&mode=domain&target=" + site), r -> {
            assertThat(r.body()).isEqualTo("{\"error\":\"service temporarily unavailable, retry later\"}");
            assertThat(r.headers().firstValue("X-Rows-Charged")).contains("0");
        });
        // A browser signing in (a session row): the sign-in page comes, the form post gets the 503 page.
        HttpResponse<String> form = Http.get(server.url("/login"));
        assertThat(form.statusCode()).isEqualTo(200);
        String csrfCookie = form.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).reduce((a, b) -> a + "; " + b).orElse("");
        HttpResponse<String> signIn = Http.send(HttpRequest.newBuilder(URI.create(server.url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html").header("Cookie", csrfCookie)
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(Map.of("email", person.email(), "password", person.password(),
                        "csrf", Browser.hiddenFields(form.body()).get("csrf"), "return_to", "/")))).build());
        assertUnavailable(signIn, r -> {
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(r.body()).contains("Rowgate is temporarily unavailable");
        });
    }

    private void assertReadsWork() {
        HttpResponse<String> info = v2("from=subscription_info");
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).startsWith("{\"info\":{\"rows_left\":");
        HttpResponse<String> introspection = new TokenClient(server.issuer()).post("/oauth2/introspect", Map.of("token", access),
                TokenClient.basic(client.clientId(), client.secret()));
        assertThat(introspection.statusCode()).isEqualTo(200);
        assertThat(introspection.body()).contains("\"active\":true");
    }

    /** An operator command that writes (in another process, as beside a running server) says what is wrong in one line. */
    private void assertCliWriteFailsWithOneLine(String fragment) {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = dev.rowgate.cli.RowgateCommand.run(new String[] {"plans", "add", "--name", "Plan " + Fixtures.next(), "--integration-rows", "10",
                "--api-rows", "10", "--db", "sqlite:" + disk.path().resolve("rowgate.db")}, Map.of(),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        String message = err.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(code).as(message).isEqualTo(1);
        assertThat(message).startsWith("rowgate: database: sqlite:" + disk.path().resolve("rowgate.db") + fragment).doesNotContain("\n");
    }

    private static void assertUnavailable(HttpResponse<String> r, Consumer<HttpResponse<String>> form) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("5");
        form.accept(r);
    }

    private void assertLogged(Level level, String fragment) {
        assertThat(log.list).as("log lines of " + Database.class.getName())
                .anySatisfy(e -> {
                    assertThat(e.getLevel()).isEqualTo(level);
                    assertThat(e.getFormattedMessage()).contains(fragment);
                });
    }

    /** PRAGMA integrity_check on a connection of its own, and the ledger: counters equal entries, and what clients were told. */
    private void assertIntactAndLedgerAddsUp() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + disk.path().resolve("rowgate.db"));
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        Ledger.Verification v = server.wiring().ledger().verify();
        assertThat(v.clean()).as(v.mismatches().toString()).isTrue();
        assertThat(v.rows()).isEqualTo(charged);
    }

    private HttpResponse<String> v2(String query) {
        return Http.send(HttpRequest.newBuilder(URI.create(server.url("/v2/?token=" + access + "&" + query))).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private String health() {
        return Http.get(server.url("/healthz")).body();
    }

    private String loadLinks() throws Exception {
        String target = "target" + Fixtures.next() + ".example";
        Path file = Files.createTempFile("disk-", ".jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lines.append("{\"url_from\":\"https://source").append(Fixtures.next()).append(".example/\",\"url_to\":\"https://")
                    .append(target).append("/p").append(i).append("\",\"anchor\":\"link ").append(i).append("\"}\n");
        }
        Files.writeString(file, lines);
        new Loader(server.wiring().database(), server.wiring().stores().linkData()).load(List.of(file), null);
        Files.delete(file);
        return target;
    }
}
