package dev.rowgate.api;

import dev.rowgate.accounts.ApiKeyStore;
import dev.rowgate.ledger.ChargeRequest;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.RecentAnswers;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.token.Token;
import dev.rowgate.oauth.token.TokenStore;
import dev.rowgate.store.Database;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Objects;

/**
 * Turns {@code Authorization: Bearer <token>} (RFC 6750 §2.1) or the legacy {@code ?token=} (an app's access token,
 * or a personal API key) into an {@link AccessContext}, or fails with {@code invalid_token}. One indexed read (token joined with its grant, app and
 * account); answers are kept in memory for at most {@link #MAX_AGE_MS} ms, so a revocation made on any node takes
 * effect everywhere within that time, and at once on the node that made it ({@link #clear}).
 */
public final class TokenAuth {

    static final long MAX_AGE_MS = 1_000;

    private final Database database;
    private final TokenStore tokens;
    private final ApiKeyStore apiKeys;
    private final Clock clock;
    private final RecentAnswers<AccessContext> cache = new RecentAnswers<>(100_000);

    public TokenAuth(Database database, TokenStore tokens, ApiKeyStore apiKeys, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The token of a request: the Authorization header, else the query parameter; null when neither. */
    public static String tokenOf(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) return header.substring(7).strip();
        return ctx.queryParam("token");
    }

    public AccessContext authenticate(String token) {
        if (!Secrets.looksLikeToken(token)) throw OAuthError.INVALID_TOKEN.because(token == null ? "no token" : "malformed token");
        String hash = Secrets.hash(token);
        long now = clock.millis();
        AccessContext cached = cache.get(hash, now);
        if (cached != null) return cached;
        long generation = cache.generation();
        AccessContext context = database.read(tx -> tokens.findWithContext(tx, hash)
                .filter(t -> t.token().kind() == Token.Kind.ACCESS && t.usableAt(now))
                .map(t -> new AccessContext(t.token().accountId(), t.token().appId(), new ChargeRequest.Via.App(t.token().grantId()),
                        t.token().scope(), t.token().expiresAt()))
                // Not an app's token: perhaps a personal API key, which never expires but can be revoked.
                .or(() -> apiKeys.findUsable(tx, hash).map(k -> new AccessContext(k.accountId(), null, new ChargeRequest.Via.Key(k.id()),
                        "api", Long.MAX_VALUE))))
                .orElseThrow(() -> OAuthError.INVALID_TOKEN.because("unknown, expired or revoked token"));
        cache.put(hash, context, Math.min(now + MAX_AGE_MS, context.expiresAt()), generation);
        return context;
    }

    /** Forgets every cached answer: after a revocation on this node, or a notice of one on another. */
    public void clear() {
        cache.clear();
        clearLock.lock();
        try {
            clears++;
            cleared.signalAll();
        } finally {
            clearLock.unlock();
        }
    }

    private final java.util.concurrent.locks.ReentrantLock clearLock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition cleared = clearLock.newCondition();
    private long clears;

    /** How many times the cache was cleared; with {@link #awaitClearAfter} lets tests wait for a notice without sleeping. */
    public long clearCount() {
        clearLock.lock();
        try {
            return clears;
        } finally {
            clearLock.unlock();
        }
    }

    /** Waits until the cache has been cleared more than {@code count} times, or the timeout passes; true if it was. */
    public boolean awaitClearAfter(long count, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        clearLock.lock();
        try {
            while (clears <= count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                cleared.awaitNanos(left);
            }
            return true;
        } finally {
            clearLock.unlock();
        }
    }
}
