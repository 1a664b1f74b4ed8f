package dev.rowgate.bench;

import dev.rowgate.Wiring;
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
 *       authorization code exchange makes).</li>
 * </ul>
 * They are written one per line to {@code codes.txt}, {@code refresh.txt} and {@code access.txt} in the output
 * folder, with {@code client.env} (the client's id, secret and redirect URI, and when the codes expire) for the
 * scripts. Usage: {@code Seed --db URL --out DIR [--codes N] [--refresh N] [--access N] [--set key=value]...}
 */
public final class Seed {

    /** Rows per write transaction: large enough to amortize the commit, small enough to keep SQLite's WAL short. */
    static final int BATCH = 1_000;

    /** What was seeded and where. */
    public record Result(Path folder, int codes, int refreshTokens, int accessTokens, long codesExpireAt, long millis) {}

    private Seed() {}

    public static void main(String[] args) {
        try {
            Map<String, String> flags = new LinkedHashMap<>();
            String db = null;
            Path out = null;
            int codes = 1_000, refresh = 1_000, access = 100;
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
                    case "--set" -> {
                        int eq = v.indexOf('=');
                        if (eq <= 0) throw new IllegalArgumentException("--set takes key=value, not " + v);
                        flags.put(v.substring(0, eq), v.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + " (usage: Seed --db URL --out DIR [--codes N] [--refresh N] [--access N] [--set key=value]...)");
                }
            }
            if (db == null || out == null) throw new IllegalArgumentException("--db and --out are required");
            Result r;
            try (Wiring w = BenchFixture.wiring(db, flags)) {
                r = seed(w, out, codes, refresh, access);
            }
            System.out.printf("seed: %d codes, %d refresh tokens, %d access tokens in %.1f s -> %s%n",
                    r.codes(), r.refreshTokens(), r.accessTokens(), r.millis() / 1000.0, r.folder());
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
    public static Result seed(Wiring w, Path out, int codes, int refreshTokens, int accessTokens) {
        long start = System.nanoTime();
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
            write(w, out.resolve("refresh.txt"), refreshTokens, tx -> pair(w, f, tx).refreshToken());
            write(w, out.resolve("access.txt"), accessTokens, tx -> pair(w, f, tx).accessToken());
            long expiry = codes == 0 ? 0 : firstExpiry[0];
            Files.writeString(out.resolve("client.env"), """
                    CLIENT_ID=%s
                    CLIENT_SECRET=%s
                    REDIRECT_URI=%s
                    CODES_EXPIRE_AT_MS=%d
                    """.formatted(BenchFixture.CLIENT_ID, BenchFixture.CLIENT_SECRET, BenchFixture.REDIRECT_URI, expiry));
            return new Result(out, codes, refreshTokens, accessTokens, expiry, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
