package dev.rowgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seconds-long smoke test of bench/tables' Java side on a tiny web, so the script does not rot between runs. */
class TablesTest {

    @Test
    void tinyRunReportsLoadRateScoresAndEveryServedTable(@TempDir Path dir) throws Exception {
        Tables.Options o = Tables.parse(new String[] {"--db", "sqlite:" + dir.resolve("rowgate.db"), "--links", "400", "--requests", "3",
                "--seconds", "1", "--warmup", "1", "--work", dir.resolve("work").toString()});

        String md = Tables.run(o);

        assertThat(md).contains("links/s").contains("- scores: ").contains("| `backlinks` |").contains("| `refdomains` |")
                .contains("| `domain_rating` |").doesNotContain("subscription_info");
        assertThat(md).containsPattern("\\| `backlinks` \\| \\d+\\.\\d \\| \\d+\\.\\d \\| \\d+\\.\\d \\| 3 \\|");
    }

    @Test
    void nearestRankPercentilesAndOptionErrors() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) sorted[i] = i + 1;
        assertThat(Tables.rank(sorted, 0.50)).isEqualTo(50);
        assertThat(Tables.rank(sorted, 0.99)).isEqualTo(99);
        assertThat(Tables.rank(new double[] {7}, 0.99)).isEqualTo(7);
        assertThatThrownBy(() -> Tables.parse(new String[] {"--links", "5"})).hasMessage("--db and --links are required");
        assertThatThrownBy(() -> Tables.parse(new String[] {"--db", "x", "--links", "5", "--nope", "1"})).hasMessageStartingWith("unknown option --nope");
    }
}
