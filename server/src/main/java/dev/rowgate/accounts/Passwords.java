package dev.rowgate.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Password hashing with Argon2id (RFC 9106), stored as a PHC string
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}. The default parameters are OWASP's minimum for Argon2id
 * (19 MiB memory, 2 passes, 1 lane); a stored hash keeps its own parameters, so raising them later still verifies
 * old hashes. Comparison is constant-time. The function itself is {@link Argon2id}'s (native when it loads).
 */
public final class Passwords {

    public static final int OWASP_MEMORY_KIB = 19 * 1024;
    public static final int OWASP_ITERATIONS = 2;
    public static final int OWASP_PARALLELISM = 1;
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 1024;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    /**
     * Derivations run here, on platform threads, at most one per core at a time. Each holds its memory cost (19 MiB)
     * while it runs, and being CPU-bound, more of them than cores add no throughput: they only multiply the memory, so
     * a burst of sign-ins (bench/run's web flow has 16 at once) waits its turn in the queue, first come first served.
     * Not on the caller's thread: requests run on virtual threads, which are not time-sliced, so a derivation (28 ms of
     * CPU with no blocking point) would hold its carrier throughout, and one per core would stop every other request
     * (an API call behind two sign-ins waited for both). Platform threads share the cores with the carriers through
     * the kernel's scheduler, and the waiting virtual thread leaves its carrier free.
     */
    private static final ExecutorService DERIVERS = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            Thread.ofPlatform().name("rowgate-argon2-", 0).daemon(true).factory());

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;

    public Passwords() {
        this(OWASP_MEMORY_KIB, OWASP_ITERATIONS, OWASP_PARALLELISM);
    }

    public Passwords(int memoryKib, int iterations, int parallelism) {
        if (memoryKib < 8 * parallelism) throw new IllegalArgumentException("memoryKib must be at least 8 x parallelism");
        if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1");
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** Why a password cannot be used, or null when it can. */
    public static String problem(String password) {
        if (password == null || password.length() < MIN_LENGTH) return "must be at least " + MIN_LENGTH + " characters";
        if (password.length() > MAX_LENGTH) return "must be at most " + MAX_LENGTH + " characters";
        return null;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, memoryKib, iterations, parallelism);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(out);
    }

    public boolean verify(String password, String phc) {
        if (password == null || phc == null || password.length() > MAX_LENGTH) return false;
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) return false;
        try {
            byte[] expected = B64D.decode(m.group(5));
            byte[] actual = derive(password, B64D.decode(m.group(4)), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A damaged stored hash (a salt or hash too short for Argon2id, base64 that does not decode) verifies nothing.
            return false;
        }
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism) {
        return derive(password, salt, memoryKib, iterations, parallelism, 32);
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        Future<byte[]> derived = DERIVERS.submit(() -> Argon2id.engine().derive(secret, salt, memoryKib, iterations, parallelism, length));
        try {
            return derived.get();
        } catch (InterruptedException e) {
            derived.cancel(false);
            Thread.currentThread().interrupt();
            // Not an IllegalStateException: verify() answers false to those (a damaged hash), and an interrupted
            // sign-in (the server stopping) is no wrong password.
            throw new java.util.concurrent.CompletionException("interrupted while hashing a password", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            if (derived.isDone()) java.util.Arrays.fill(secret, (byte) 0);
        }
    }
}
