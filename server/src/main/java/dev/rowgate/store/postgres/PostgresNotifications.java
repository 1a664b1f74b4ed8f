package dev.rowgate.store.postgres;

import dev.rowgate.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on one PostgreSQL channel over a connection of its own (outside the pool, which must never be tied up by
 * a listener) and runs an action for each notice. When the connection drops it reconnects with back-off; while it is
 * away the caches it feeds still expire on their own (TokenAuth keeps answers 1 s at most), so nothing depends on
 * a notice arriving.
 */
public final class PostgresNotifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);

    private final DatabaseUrl url;
    private final String channel;
    private final Runnable onNotice;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;

    public PostgresNotifications(DatabaseUrl url, String channel, Runnable onNotice) {
        this.url = Objects.requireNonNull(url, "url");
        if (!channel.matches("[a-z_]+")) throw new IllegalArgumentException("channel must be [a-z_]+");
        this.channel = channel;
        this.onNotice = Objects.requireNonNull(onNotice, "onNotice");
        this.thread = Thread.ofPlatform().name("rowgate-listen-" + channel).daemon().unstarted(this::loop);
    }

    public PostgresNotifications start() {
        thread.start();
        return this;
    }

    private void loop() {
        long backoffMs = 250;
        while (running) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
                onNotice.run(); // anything revoked while we were not listening
                backoffMs = 250;
                listening(true);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notices = pg.getNotifications(1_000);
                    if (notices != null && notices.length > 0) onNotice.run();
                }
            } catch (SQLException e) {
                listening(false);
                if (!running) return;
                log.warn("notifications: lost the LISTEN connection on {} ({}); retrying in {} ms", channel, e.getMessage(), backoffMs);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    return;
                }
                backoffMs = Math.min(5_000, backoffMs * 2);
            }
        }
    }

    private final java.util.concurrent.locks.ReentrantLock listeningLock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition listeningChanged = listeningLock.newCondition();
    private boolean listening;

    private void listening(boolean now) {
        listeningLock.lock();
        try {
            listening = now;
            listeningChanged.signalAll();
        } finally {
            listeningLock.unlock();
        }
    }

    /**
     * Waits until the channel is LISTENed on (after a start or a reconnection, with anything missed meanwhile already
     * acted on), or the timeout passes; true if it is. Lets tests and operators' checks wait without sleeping.
     */
    public boolean awaitListening(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        listeningLock.lock();
        try {
            while (!listening) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                listeningChanged.awaitNanos(left);
            }
            return true;
        } finally {
            listeningLock.unlock();
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (url.user() != null) props.setProperty("user", url.user());
        if (url.password() != null) props.setProperty("password", url.password());
        props.setProperty("ApplicationName", "rowgate-listener");
        props.setProperty("connectTimeout", "5");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
