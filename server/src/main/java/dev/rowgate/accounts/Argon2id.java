package dev.rowgate.accounts;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Version;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Argon2id function (RFC 9106, version 0x13) on raw bytes, in one of two engines that compute the same function:
 * the reference C implementation (libargon2, bundled for each common platform by argon2-jvm and called through JNA),
 * or BouncyCastle's Java implementation when the native one cannot be loaded (a platform argon2-jvm has no build
 * for). A hash made by either verifies with the other.
 *
 * <p>Why native first: on the 2-core bench machine one derivation at the stored parameters (m=19 MiB, t=2, p=1) took
 * 31 ms of CPU in BouncyCastle and 28 ms natively on one thread, but 44-69 ms against 28 ms with two at a time, as
 * sign-ins run: the Java engine allocates its 19 MiB as 19,456 one-KiB blocks per derivation, which the collector
 * then has to clear (bench/README.md, "Web flows").
 */
final class Argon2id {

    private static final Logger log = LoggerFactory.getLogger(Argon2id.class);

    @FunctionalInterface
    interface Engine {
        byte[] derive(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length);
    }

    /** BouncyCastle's pure-Java Argon2id. */
    static final Engine JAVA = (password, salt, memoryKib, iterations, parallelism, length) -> {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism)
                .withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    };

    private Argon2id() {}

    /** The engine in use: native when it loaded and agreed with the Java engine on a check vector, Java otherwise. */
    static Engine engine() {
        return Loaded.ENGINE;
    }

    /** "libargon2 (native)" or "BouncyCastle (Java)": for the start-up log and the tests. */
    static String engineName() {
        return Loaded.NAME;
    }

    /** Loaded at the first derivation, not at start-up (JNA unpacks and links two libraries: tens of milliseconds). */
    private static final class Loaded {
        static final Engine NATIVE = loadNative();
        static final Engine ENGINE = NATIVE != null ? NATIVE : JAVA;
        static final String NAME = NATIVE != null ? "libargon2 (native)" : "BouncyCastle (Java)";

        static {
            log.debug("passwords: Argon2id by {}", NAME);
        }
    }

    /** The native engine, or null when it does not load or does not compute what the Java engine computes. */
    static Engine loadNative() {
        if ("java".equals(System.getProperty("rowgate.argon2"))) return null;
        try {
            Argon2Advanced argon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);
            IdleMemoryTrim trim = IdleMemoryTrim.load();
            Engine engine = (password, salt, memoryKib, iterations, parallelism, length) -> {
                // JNA cannot pass a zero-length buffer: an empty password (never a stored one: Passwords.problem
                // refuses it, but a sign-in may send it) goes to the Java engine.
                if (password.length == 0) return JAVA.derive(password, salt, memoryKib, iterations, parallelism, length);
                byte[] hash = argon2.rawHashAdvanced(iterations, memoryKib, parallelism, password, salt, null, null, length, Argon2Version.V13);
                trim.derived();
                return hash;
            };
            byte[] password = "rowgate check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] salt = new byte[16];
            if (!Arrays.equals(engine.derive(password, salt, 64, 2, 2, 32), JAVA.derive(password, salt, 64, 2, 2, 32))) {
                log.warn("passwords: the native Argon2id library computed a different hash than BouncyCastle's on a check vector; using BouncyCastle");
                return null;
            }
            return engine;
        } catch (LinkageError | RuntimeException e) {
            log.info("passwords: no native Argon2id library for this platform ({}); using BouncyCastle's Java implementation", e.toString());
            return null;
        }
    }
}
