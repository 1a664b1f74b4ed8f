package dev.rowgate.bench;

import dev.rowgate.oauth.Secrets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Minting a token (20 bytes from the shared SecureRandom, as 40 hex characters) and its stored form (SHA-256, hex):
 * the CPU part of every token issued, and the hash is paid again by every lookup of a presented token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SecretsBench {

    private final String token = Secrets.newToken();

    @Benchmark
    public String newToken() {
        return Secrets.newToken();
    }

    @Benchmark
    public String hash() {
        return Secrets.hash(token);
    }

    /** What TokenIssuer pays per token before the insert. */
    @Benchmark
    public String newTokenAndHash() {
        return Secrets.hash(Secrets.newToken());
    }
}
