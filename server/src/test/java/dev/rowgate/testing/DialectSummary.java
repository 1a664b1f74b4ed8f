package dev.rowgate.testing;

import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of a run, how many tests passed, failed and were skipped on each database, so that a run that
 * silently skipped PostgreSQL cannot pass unnoticed. Registered through META-INF/services.
 */
public final class DialectSummary implements TestExecutionListener {

    private final Map<String, int[]> counts = new TreeMap<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            // A class invocation aborted before its tests ran (PostgreSQL unreachable): count it, or a run that
            // skipped every PostgreSQL test would look the same as one that never had any.
            boolean dialectContainer = id.getDisplayName().contains("[POSTGRES]") || id.getDisplayName().contains("[SQLITE]");
            if (dialectContainer && result.getStatus() == TestExecutionResult.Status.ABORTED) {
                counts.computeIfAbsent(dialectOf(id), k -> new int[4])[3]++;
            }
            return;
        }
        int[] c = counts.computeIfAbsent(dialectOf(id), k -> new int[4]);
        c[result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? 0 : result.getStatus() == TestExecutionResult.Status.ABORTED ? 2 : 1]++;
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) counts.computeIfAbsent(dialectOf(id), k -> new int[4])[2]++;
    }

    private String dialectOf(TestIdentifier id) {
        for (TestIdentifier t = id; t != null; t = plan.getParent(t).orElse(null)) {
            if (t.getDisplayName().contains("[POSTGRES]")) return "PostgreSQL";
            if (t.getDisplayName().contains("[SQLITE]")) return "SQLite";
        }
        return "no database";
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        StringBuilder sb = new StringBuilder("\nRowgate tests by database:");
        counts.forEach((k, c) -> sb.append(String.format("%n  %-12s %d passed, %d failed, %d skipped", k, c[0], c[1], c[2]))
                .append(c[3] == 0 ? "" : String.format(" (and %d test class(es) skipped whole)", c[3])));
        System.out.println(sb);
    }
}
