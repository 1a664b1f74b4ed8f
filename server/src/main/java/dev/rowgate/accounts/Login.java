package dev.rowgate.accounts;

import dev.rowgate.audit.AuditLog;
import dev.rowgate.store.Database;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an email and password, with throttling per account and per IP: from the {@value #ACCOUNT_FREE_FAILURES}th
 * failure for one email (or the {@value #IP_FREE_FAILURES}th from one IP) on, each failure locks that key for twice
 * as long as the one before, from 1 s up to 15 minutes. The answers never tell whether an account exists: unknown emails
 * cost the same Argon2id work and get the same message, and locks apply to any email string.
 */
public final class Login {

    static final int ACCOUNT_FREE_FAILURES = 5;
    static final int IP_FREE_FAILURES = 20;
    static final long MAX_LOCK_MS = 15 * 60 * 1000L;
    public static final String WRONG = "Wrong email or password.";

    /** The outcome: the account, or the message to show. */
    public sealed interface Result {
        record SignedIn(Account account) implements Result {}

        record Refused(String message) implements Result {}
    }

    private final Database database;
    private final AccountStore accounts;
    private final ThrottleStore throttle;
    private final Passwords passwords;
    private final AuditLog audit;
    private final Clock clock;
    /**
     * What an unknown email's password is verified against, so that it takes as long as a known one's. Made by the
     * first sign-in attempt, whatever its email (so that only the first attempt of the process is slower, known email or
     * not), not at start-up, where the Argon2id derivation was about a tenth of a restart's time (bench/README.md).
     */
    private volatile String dummyHash;

    public Login(Database database, AccountStore accounts, ThrottleStore throttle, Passwords passwords, AuditLog audit, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            synchronized (this) {
                hash = dummyHash;
                if (hash == null) dummyHash = hash = passwords.hash("timing-equalizer-" + System.nanoTime());
            }
        }
        return hash;
    }

    public Result attempt(String email, String password, String ip) {
        String dummy = dummyHash();
        String normalized = email == null ? "" : Account.normalizeEmail(email);
        String accountKey = "account:" + normalized;
        String ipKey = "ip:" + ip;
        long now = clock.millis();
        long lockedUntil = database.read(tx -> Math.max(throttle.get(tx, accountKey).lockedUntil(), throttle.get(tx, ipKey).lockedUntil()));
        if (lockedUntil > now) {
            audit.record("login.locked", null, null, ip, Map.of("email", normalized));
            return new Result.Refused(lockedMessage(lockedUntil - now));
        }
        Optional<Account> account = normalized.isEmpty() ? Optional.empty() : database.read(tx -> accounts.findByEmail(tx, normalized));
        boolean ok = passwords.verify(password == null ? "" : password, account.map(Account::passwordHash).orElse(dummy))
                && account.isPresent() && account.get().status() == Account.Status.ACTIVE;
        if (ok) {
            database.inTransaction(tx -> {
                throttle.clear(tx, accountKey);
                audit.record(tx, "login.success", account.get().id(), null, ip, Map.of());
                return null;
            });
            return new Result.SignedIn(account.get());
        }
        long lock = database.inTransaction(tx -> {
            long until = lockAfterFailure(tx, accountKey, ACCOUNT_FREE_FAILURES, now);
            until = Math.max(until, lockAfterFailure(tx, ipKey, IP_FREE_FAILURES, now));
            audit.record(tx, "login.failure", account.map(Account::id).orElse(null), null, ip, Map.of("email", normalized));
            return until;
        });
        return new Result.Refused(lock > now ? lockedMessage(lock - now) : WRONG);
    }

    private long lockAfterFailure(dev.rowgate.store.Tx tx, String key, int freeFailures, long now) {
        int failures = throttle.recordFailure(tx, key, now);
        if (failures < freeFailures) return 0;
        long lockMs = Math.min(MAX_LOCK_MS, 1000L << Math.min(30, failures - freeFailures));
        throttle.lockUntil(tx, key, now + lockMs);
        return now + lockMs;
    }

    static String lockedMessage(long remainingMs) {
        long seconds = Math.max(1, (remainingMs + 999) / 1000);
        return "Too many failed sign-in attempts. Try again in " + seconds + (seconds == 1 ? " second." : " seconds.");
    }
}
