package dev.rowgate.bench;

import dev.rowgate.Wiring;
import dev.rowgate.ledger.ChargeRequest;
import dev.rowgate.ledger.ChargeResult;
import dev.rowgate.ledger.Ledger;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * {@link Ledger#charge}: one row per charge through an app's grant, against an allowance no run can spend, on a SQLite
 * database (WAL, synchronous=NORMAL, the single writer connection). Each charge is one write transaction: the
 * account, plan and grant reads, the two conditional counter increments and the entry insert, then the commit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LedgerBench {

    private Path folder;
    private Wiring wiring;
    private Ledger ledger;
    private BenchFixture fixture;
    private final AtomicLong requests = new AtomicLong();

    @Setup(Level.Trial)
    public void open() {
        folder = BenchFixture.tempSqliteFolder();
        wiring = BenchFixture.wiring("sqlite:" + folder.resolve("rowgate.db"), Map.of());
        fixture = BenchFixture.create(wiring);
        ledger = wiring.ledger();
        if (!(chargeOneRow() instanceof ChargeResult.Charged)) throw new IllegalStateException("the first charge was not charged");
    }

    @TearDown(Level.Trial)
    public void close() {
        if (!ledger.verify().clean()) throw new IllegalStateException("ledger verify found a mismatch after the benchmark");
        wiring.close();
        BenchFixture.deleteTree(folder);
    }

    @Benchmark
    public ChargeResult chargeOneRow() {
        return ledger.charge(new ChargeRequest(fixture.user().id(), new ChargeRequest.Via.App(fixture.grant().id()),
                "bench-" + requests.incrementAndGet(), null, 1, null));
    }
}
