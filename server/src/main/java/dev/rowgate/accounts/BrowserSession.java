package dev.rowgate.accounts;

import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.Database;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The signed-in person of a browser request. The cookie holds a random 256-bit value; the database holds only its
 * SHA-256, with the account and a per-session CSRF token (the synchronizer token of every signed-in form). A new
 * session id is issued at sign-in, so a planted cookie is useless (session fixation). SameSite=Lax: the cookie
 * comes along on the top-level GET that an app's invitation link makes, not on cross-site POSTs.
 */
public final class BrowserSession {

    public static final String COOKIE = "rowgate_session";
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final String ATTRIBUTE = "rowgate.signedIn";

    /** A signed-in request: the account and its session. */
    public record SignedIn(Account account, Session session) {}

    private final Database database;
    private final SessionStore sessions;
    private final AccountStore accounts;
    private final Clock clock;
    private final boolean secureCookies;

    public BrowserSession(Database database, SessionStore sessions, AccountStore accounts, Clock clock, boolean secureCookies) {
        this.database = Objects.requireNonNull(database, "database");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secureCookies = secureCookies;
    }

    public Optional<SignedIn> current(Context ctx) {
        SignedIn cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) return Optional.of(cached);
        String value = ctx.cookie(COOKIE);
        if (value == null || value.length() > 100) return Optional.empty();
        long now = clock.millis();
        Optional<SignedIn> found = database.read(tx -> sessions.find(tx, Secrets.hash(value))
                .filter(s -> s.expiresAt() > now)
                .flatMap(s -> accounts.findById(tx, s.accountId())
                        .filter(a -> a.status() == Account.Status.ACTIVE)
                        .map(a -> new SignedIn(a, s))));
        found.ifPresent(s -> ctx.attribute(ATTRIBUTE, s));
        return found;
    }

    public SignedIn signIn(Context ctx, Account account) {
        current(ctx).ifPresent(old -> database.inTransaction(tx -> {
            sessions.delete(tx, old.session().idHash());
            return null;
        }));
        String value = Secrets.newOpaque();
        long now = clock.millis();
        Session session = new Session(Secrets.hash(value), account.id(), Secrets.newOpaque(), now, now + LIFETIME.toMillis(), now);
        database.inTransaction(tx -> {
            sessions.insert(tx, session, ctx.ip());
            return null;
        });
        Cookie cookie = new Cookie(COOKIE, value, "/", (int) LIFETIME.toSeconds(), secureCookies, true, null, SameSite.LAX);
        ctx.cookie(cookie);
        SignedIn signedIn = new SignedIn(account, session);
        ctx.attribute(ATTRIBUTE, signedIn);
        return signedIn;
    }

    public void signOut(Context ctx) {
        String value = ctx.cookie(COOKIE);
        if (value != null) {
            database.inTransaction(tx -> {
                sessions.delete(tx, Secrets.hash(value));
                return null;
            });
        }
        ctx.removeCookie(COOKIE, "/");
    }
}
