package dev.rowgate.oauth;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the process hears that credentials may have stopped working (a token or key revoked, an app suspended or its
 * secret rotated, an account disabled) and passes it to every in-memory answer about them: the bearer cache, the
 * client-authentication cache, the introspection cache. Each keeps an answer at most a second, so another process's
 * change (the CLI on SQLite) bites within that time; a change made here bites at once, and on PostgreSQL so does
 * another node's ({@code PostgresNotifications} calls {@link #announce}).
 */
public final class AccessChanges {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Adds a cache to drop at every change. */
    public void onChange(Runnable dropAnswers) {
        listeners.add(dropAnswers);
    }

    /** Something changed: every registered cache forgets what it knew. */
    public void announce() {
        for (Runnable r : listeners) r.run();
    }
}
