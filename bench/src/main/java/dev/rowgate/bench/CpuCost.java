package dev.rowgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * CPU time per operation of the JMH benchmarks' hot paths, measured as this thread's CPU time
 * ({@link ThreadMXBean#getCurrentThreadCpuTime}) instead of wall time, so that other processes competing for the cores
 * (a busy shared machine) hardly move it: a before/after comparison that stays readable where JMH's averages are
 * noise. It does not see the work of other threads (none here: every path runs on the caller's thread, SQLite
 * included). Usage: {@code java -cp bench/target/rowgate-bench.jar dev.rowgate.bench.CpuCost [ROUNDS]} (default 5;
 * each round runs every path 2,000 times after a warm-up of 5,000; prints the median round).
 */
public final class CpuCost {

    private CpuCost() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        TokenAuthBench auth = new TokenAuthBench();
        LedgerBench ledger = new LedgerBench();
        auth.open();
        ledger.open();
        try {
            report("TokenAuthBench.cold", rounds, auth::cold);
            report("TokenAuthBench.warm", rounds, auth::warm);
            report("LedgerBench.chargeOneRow", rounds, ledger::chargeOneRow);
        } finally {
            auth.close();
            ledger.close();
        }
    }

    private static void report(String name, int rounds, Supplier<?> op) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5_000; i++) op.get();
        long[] perOp = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 2_000; i++) op.get();
            perOp[r] = (mx.getCurrentThreadCpuTime() - start) / 2_000;
        }
        java.util.Arrays.sort(perOp);
        System.out.printf("%-28s %8.1f us CPU/op (median of %d rounds; min %.1f, max %.1f)%n", name, perOp[rounds / 2] / 1000.0, rounds,
                perOp[0] / 1000.0, perOp[rounds - 1] / 1000.0);
    }
}
