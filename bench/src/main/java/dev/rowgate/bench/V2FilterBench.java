package dev.rowgate.bench;

import dev.rowgate.api.v2.V2Filter;
import dev.rowgate.api.v2.V2Tables;
import java.util.List;
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

/** The v2 filter parser on a where parameter of the kind a rank tracker sends for the backlinks table. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class V2FilterBench {

    /** Seven conditions: integers, a boolean, a date, an escaped string and the three functions. */
    static final String WHERE = "ahrefs_rank>=10,nofollow=false,first_seen>=\"2023-01-01\",http_code=200,"
            + "anchor<>\"click \\\"here\\\"\",substring(title,\"seo tools\"),word(anchor,\"backlinks\"),subdomain(url_from,\"blog\")";

    private final V2Tables.Table backlinks = V2Tables.table("backlinks").orElseThrow();

    @Benchmark
    public List<V2Filter.Condition> parseWhere() {
        return V2Filter.parse("where", WHERE, backlinks);
    }
}
