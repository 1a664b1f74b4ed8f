package dev.rowgate.bench;

import dev.rowgate.Wiring;
import dev.rowgate.api.AccessContext;
import dev.rowgate.api.TokenAuth;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bearer validation through {@link TokenAuth} against a SQLite database, as the v2 API and resource servers use it.
 * {@code warm}: the answer is in the 1 s cache (shape check, SHA-256, one map lookup). {@code cold}: the cache is
 * cleared before each call, so each one pays the indexed read joining token, grant, app and account (plus the
 * clear itself: a map clear and a lock).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TokenAuthBench {

    private Path folder;
    private Wiring wiring;
    private TokenAuth auth;
    private String token;

    @Setup(Level.Trial)
    public void open() {
        folder = BenchFixture.tempSqliteFolder();
        wiring = BenchFixture.wiring("sqlite:" + folder.resolve("rowgate.db"), Map.of());
        BenchFixture f = BenchFixture.create(wiring);
        token = wiring.database().inTransaction(tx -> wiring.tokenIssuer().issuePair(tx, f.grant(), null)).accessToken();
        auth = wiring.tokenAuth();
        auth.authenticate(token); // fails here, not in the measurement, if the token does not validate
    }

    @TearDown(Level.Trial)
    public void close() {
        wiring.close();
        BenchFixture.deleteTree(folder);
    }

    @Benchmark
    public AccessContext warm() {
        return auth.authenticate(token);
    }

    @Benchmark
    public AccessContext cold() {
        auth.clear();
        return auth.authenticate(token);
    }
}
