package dev.rowgate.bench;

import dev.rowgate.Wiring;
import dev.rowgate.accounts.Account;
import dev.rowgate.grants.Grant;
import dev.rowgate.linkdata.Loader;
import dev.rowgate.linkdata.SampleWeb;
import dev.rowgate.linkdata.Scores;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.authorize.AuthorizationCode;
import dev.rowgate.oauth.token.IssuedTokens;
import dev.rowgate.store.Tx;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The seeding tool of the HTTP load benchmark ({@code bench/run}). On a fresh database it makes the
 * {@link BenchFixture}, then pre-mints single-use credentials in bulk through the server's own classes, so that every
 * request of a load run can spend a fresh one:
 * <ul>
 *   <li>authorization codes, stored through the {@code CodeStore} bound to the grant, the app, the redirect URI and
 *       the configured {@code tokens.code_ttl}, exactly as {@code AuthorizeEndpoint} stores them after a consent
 *       (no PKCE: a confidential web app);</li>
 *   <li>refresh tokens and access tokens, each from its own {@code TokenIssuer.issuePair} (a new family, as an
 *       authorization code exchange makes);</li>
 *   <li>users for the web-flow driver ({@link WebFlow}): accounts on the bench plan with no grant, so every flow
 *       signs in and consents; they share one Argon2id hash of {@link BenchFixture#PASSWORD} (hashing each would
 *       cost the seeding 40 ms a user, and a sign-in verifies at full cost whatever the salt);</li>
 *   <li>metered users: more accounts on the bench plan, each with its own grant to the app and one access token, for
 *       the metered scenario spread over many users (each user's charges take that user's counter rows);</li>
 *   <li>optionally the synthetic sample web ({@code rowgate data sample}: {@link SampleWeb}, loaded and scored), for
 *       the metered v2 scenario; its most linked-to domain is the target.</li>
 * </ul>
 * They are written one per line to {@code codes.txt}, {@code refresh.txt}, {@code access.txt},
 * {@code users.txt} and {@code metered.txt} (the metered users' access tokens) in the output folder, with {@code client.env} (the client's id, secret and redirect URI, when the
 * codes expire, and the sample's target) for the scripts. Usage:
 * {@code Seed --db URL --out DIR [--codes N] [--refresh N] [--access N] [--users N] [--metered-users N] [--sample-pages N] [--set key=value]...}
 */
public final class Seed {

    /** Rows per write transaction: large enough to amortize the commit, small enough to keep SQLite's WAL short. */
    static final int BATCH = 1_000;

    /** How much of each to seed; samplePages 0 loads no link data. */
    public record Counts(int codes, int refreshTokens, int accessTokens, int users, int meteredUsers, int samplePages) {}

    /** What was seeded and where; sampleTarget is null without link data. */
    public record Result(Path folder, int codes, int refreshTokens, int accessTokens, int users, String sampleTarget,
            long codesExpireAt, long millis) {}

    /** The email of the i-th web-flow user (from 0). */
    public static String flowUserEmail(int i) {
        return String.format("flow-%06d@bench.example", i);
    }

    private Seed() {}

    public static void main(String[] args) {
        try {
            Map<String, String> flags = new LinkedHashMap<>();
            String db = null;
            Path out = null;
            int codes = 1_000, refresh = 1_000, access = 100, users = 0, meteredUsers = 0, samplePages = 0;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--db" -> db = v;
                    case "--out" -> out = Path.of(v);
                    case "--codes" -> codes = count(a, v);
                    case "--refresh" -> refresh = count(a, v);
                    case "--access" -> access = count(a, v);
                    case "--users" -> users = count(a, v);
                    case "--metered-users" -> meteredUsers = count(a, v);
                    case "--sample-pages" -> samplePages = count(a, v);
                    case "--set" -> {
                        int eq = v.indexOf('=');
                        if (eq <= 0) throw new IllegalArgumentException("--set takes key=value, not " + v);
                        flags.put(v.substring(0, eq), v.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + " (usage: Seed --db URL --out DIR [--codes N] [--refresh N] [--access N] [--users N] [--metered-users N] [--sample-pages N] [--set key=value]...)");
                }
            }
            if (db == null || out == null) throw new IllegalArgumentException("--db and --out are required");
            Result r;
            try (Wiring w = BenchFixture.wiring(db, flags)) {
                r = seed(w, out, new Counts(codes, refresh, access, users, meteredUsers, samplePages));
            }
            System.out.printf("seed: %d codes, %d refresh tokens, %d access tokens, %d flow users, %d metered users, sample target %s in %.1f s -> %s%n",
                    r.codes(), r.refreshTokens(), r.accessTokens(), r.users(), meteredUsers, r.sampleTarget(), r.millis() / 1000.0, r.folder());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("seed: " + e.getMessage());
            System.exit(2);
        }
    }

    private static int count(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number of 0 or more, not " + value);
        }
    }

    /** Seeds a fresh, migrated database and writes the files; see the class comment. */
    public static Result seed(Wiring w, Path out, Counts counts) {
        long start = System.nanoTime();
        int codes = counts.codes();
        BenchFixture f = BenchFixture.create(w);
        long codeTtl = w.config().codeTtl().toMillis();
        long[] firstExpiry = {Long.MAX_VALUE};
        try {
            Files.createDirectories(out);
            write(w, out.resolve("codes.txt"), codes, tx -> {
                String code = Secrets.newOpaque();
                long now = w.clock().millis();
                firstExpiry[0] = Math.min(firstExpiry[0], now + codeTtl);
                // As AuthorizeEndpoint.respond stores a code: hash only, bound to app, grant, redirect URI (sent) and scope.
                w.stores().codes().insert(tx, new AuthorizationCode.New(Secrets.hash(code), f.app().id(), f.grant().accountId(),
                        f.grant().id(), BenchFixture.REDIRECT_URI, true, null, null, f.grant().scope(), now, now + codeTtl));
                return code;
            });
            write(w, out.resolve("refresh.txt"), counts.refreshTokens(), tx -> pair(w, f, tx).refreshToken());
            write(w, out.resolve("access.txt"), counts.accessTokens(), tx -> pair(w, f, tx).accessToken());
            String hash = counts.users() + counts.meteredUsers() == 0 ? null : w.passwords().hash(BenchFixture.PASSWORD);
            long planId = f.user().planId();
            int[] next = {0};
            write(w, out.resolve("users.txt"), counts.users(), tx -> {
                String email = flowUserEmail(next[0]++);
                long now = w.clock().millis();
                w.stores().accounts().insert(tx, new Account.New(email, hash, Account.Role.USER, planId, now, now));
                return email;
            });
            writeMeteredUsers(w, f, out.resolve("metered.txt"), counts.meteredUsers(), hash);
            String target = counts.samplePages() == 0 ? null : loadSample(w, out, counts.samplePages());
            long expiry = codes == 0 ? 0 : firstExpiry[0];
            Files.writeString(out.resolve("client.env"), """
                    CLIENT_ID=%s
                    CLIENT_SECRET=%s
                    REDIRECT_URI=%s
                    CODES_EXPIRE_AT_MS=%d
                    USER_PASSWORD=%s
                    SAMPLE_TARGET=%s
                    """.formatted(BenchFixture.CLIENT_ID, BenchFixture.CLIENT_SECRET, BenchFixture.REDIRECT_URI, expiry,
                    BenchFixture.PASSWORD, target == null ? "" : target));
            return new Result(out, codes, counts.refreshTokens(), counts.accessTokens(), counts.users(), target, expiry,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the synthetic web to a folder under out, loads and scores it as {@code rowgate data sample} does. */
    private static String loadSample(Wiring w, Path out, int pages) throws IOException {
        SampleWeb.Summary sample = SampleWeb.write(out.resolve("sample"), pages, 1);
        new Loader(w.database(), w.stores().linkData()).load(List.of(sample.pagesFile(), sample.linksFile()), null);
        new Scores(w.database()).recompute();
        return sample.exampleTarget();
    }

    /** n accounts on the bench plan, each allowing the app (as its consent page does) and given one access token. */
    private static void writeMeteredUsers(Wiring w, BenchFixture f, Path file, int n, String hash) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < n; i++) {
                String email = "metered-%06d@bench.example".formatted(i);
                long now = w.clock().millis();
                long accountId = w.database().inTransaction((Tx tx) ->
                        w.stores().accounts().insert(tx, new Account.New(email, hash, Account.Role.USER, f.user().planId(), now, now)));
                Grant grant = w.consents().allow(accountId, f.app().id(), null, "127.0.0.1");
                out.write(w.database().inTransaction((Tx tx) -> w.tokenIssuer().issuePair(tx, grant, null)).accessToken());
                out.newLine();
            }
        }
    }

    private static IssuedTokens pair(Wiring w, BenchFixture f, Tx tx) {
        return w.tokenIssuer().issuePair(tx, f.grant(), null);
    }

    /** n secrets made by mint inside write transactions of {@link #BATCH}, each written once its batch committed. */
    private static void write(Wiring w, Path file, int n, Function<Tx, String> mint) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int done = 0; done < n; ) {
                int size = Math.min(BATCH, n - done);
                List<String> batch = w.database().inTransaction((Tx tx) -> {
                    List<String> made = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) made.add(mint.apply(tx));
                    return made;
                });
                for (String s : batch) {
                    out.write(s);
                    out.newLine();
                }
                done += size;
            }
        }
    }
}
