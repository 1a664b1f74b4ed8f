package dev.rowgate;

import dev.rowgate.cleanup.CleanupJob;
import dev.rowgate.config.Config;
import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.linkdata.ScoresJob;
import dev.rowgate.store.jdbc.JdbcTokenStore;
import dev.rowgate.store.postgres.PostgresNotifications;
import dev.rowgate.web.HttpServer;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Rowgate: the wiring, the HTTP server and the background jobs, started in order and stopped in
 * reverse (HTTP first, so no request meets a closed pool). {@code rowgate serve} runs one; tests run one in-process.
 */
public final class Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private final Wiring wiring;
    private final HttpServer http;
    private final CleanupJob cleanup;
    private final ScoresJob scores;
    private final PostgresNotifications revocationListener;
    private final String firstStartBanner;

    private Server(Wiring wiring, HttpServer http, CleanupJob cleanup, ScoresJob scores, PostgresNotifications revocationListener, String firstStartBanner) {
        this.wiring = wiring;
        this.http = http;
        this.cleanup = cleanup;
        this.scores = scores;
        this.revocationListener = revocationListener;
        this.firstStartBanner = firstStartBanner;
    }

    public static Server start(Config config, Clock clock) {
        Wiring wiring = Wiring.build(config, clock);
        HttpServer http = null;
        PostgresNotifications listener = null;
        try {
            // Serving writes (sign-ins, tokens, charges): a read-only database stops the start with one line, not
            // the first user's request with an error.
            wiring.database().requireWritable();
            // Listen before seeding: a start that cannot (a busy port) must fail before it makes the demo secrets, which
            // are shown once; the next start would find the data and show nothing.
            http = wiring.httpServer().start();
            Optional<FirstStart.Credentials> seeded = FirstStart.seedIfEmpty(wiring);
            // Several nodes on one PostgreSQL database: a token revoked on any of them leaves every bearer cache at once.
            listener = wiring.database().dialect() == DatabaseUrl.Dialect.POSTGRES
                    ? new PostgresNotifications(wiring.database().url(), JdbcTokenStore.REVOKED_CHANNEL, wiring.accessChanges()::announce).start()
                    : null;
            CleanupJob cleanup = wiring.cleanupJob();
            cleanup.start();
            // Link data loaded by another process (rowgate data load) gets its scores here, off the request threads.
            ScoresJob scores = wiring.scoresJob();
            scores.start();
            return new Server(wiring, http, cleanup, scores, listener, seeded.map(FirstStart.Credentials::banner).orElse(null));
        } catch (RuntimeException e) {
            if (http != null) http.stop();
            if (listener != null) listener.close();
            wiring.close();
            throw e;
        }
    }

    public Wiring wiring() {
        return wiring;
    }

    public int port() {
        return http.port();
    }

    /** The background score recomputation (tests wait on it). */
    public ScoresJob scoresJob() {
        return scores;
    }

    /** The bound port of the api.port listener (the v2 API at /), or -1 when api.port is not set. */
    public int apiPort() {
        return http.apiPort();
    }

    /** The base URL this server answers on (the bound port, which differs from the issuer's when listen.port = 0). */
    public String baseUrl() {
        return "http://" + wiring.config().host() + ":" + port();
    }

    /** On PostgreSQL, the LISTEN connection that feeds revocations made elsewhere to the bearer cache. */
    public Optional<PostgresNotifications> revocationListener() {
        return Optional.ofNullable(revocationListener);
    }

    /** The demo credentials when this start seeded an empty database, else empty. */
    public Optional<String> firstStartBanner() {
        return Optional.ofNullable(firstStartBanner);
    }

    @Override
    public void close() {
        http.stop();
        cleanup.close();
        scores.close();
        if (revocationListener != null) revocationListener.close();
        wiring.close();
        log.info("rowgate: stopped");
    }
}
