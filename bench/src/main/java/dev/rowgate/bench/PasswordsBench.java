package dev.rowgate.bench;

import dev.rowgate.accounts.Passwords;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * For reference: one Argon2id verification at the stored parameters (m=19 MiB, t=2, p=1), the cost of every
 * sign-in and the reason sign-in is throttled; the other benchmarks are measured in micro- or nanoseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PasswordsBench {

    private final Passwords passwords = new Passwords();
    private String stored;

    @Setup
    public void hash() {
        stored = passwords.hash(BenchFixture.PASSWORD);
        if (!passwords.verify(BenchFixture.PASSWORD, stored)) throw new IllegalStateException("the password does not verify");
    }

    @Benchmark
    public boolean verify() {
        return passwords.verify(BenchFixture.PASSWORD, stored);
    }
}
