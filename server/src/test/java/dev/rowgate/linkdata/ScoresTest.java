package dev.rowgate.linkdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoresTest extends BothDatabases {

    @Test
    void pageRankOfACycleIsEvenAndOfAStarFavoursTheHub() {
        Scores.Rank cycle = Scores.pageRank(3, new int[] {0, 1, 2}, new int[] {1, 2, 0});
        assertThat(cycle.rank()).containsExactly(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Scores.scale(cycle.rank())).containsOnly(0);

        Scores.Rank star = Scores.pageRank(4, new int[] {1, 2, 3}, new int[] {0, 0, 0});
        assertThat(Scores.scale(star.rank())).containsExactly(100, 0, 0, 0);
        double sum = 0;
        for (double r : star.rank()) sum += r;
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9)); // no rank lost to dangling pages
    }

    @Test
    void recomputeScoresPagesAndDomainsFromLiveDofollowLinks() throws Exception {
        int k = Fixtures.next();
        String hub = "https://hub" + k + ".example/";
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add("{\"url_from\":\"https://fan" + i + "-" + k + ".example/\",\"url_to\":\"" + hub + "\"}");
        }
        // Ignored by PageRank: a nofollow link and a lost link to another page.
        lines.add("{\"url_from\":\"https://fan0-" + k + ".example/\",\"url_to\":\"https://other" + k + ".example/\",\"nofollow\":true}");
        lines.add("{\"url_from\":\"https://fan1-" + k + ".example/\",\"url_to\":\"https://other" + k + ".example/\",\"lost_at\":\"2020-01-01\"}");
        Path file = Files.createTempFile("scores-", ".jsonl");
        Files.write(file, lines);
        new Loader(db(), stores().linkData()).load(List.of(file), null);
        Files.delete(file);

        Scores.Summary summary = new Scores(db()).recompute();

        assertThat(summary.links()).isGreaterThanOrEqualTo(5);
        long hubRank = db().read((Tx tx) -> Jdbc.count(tx, "SELECT ahrefs_rank FROM pages WHERE url = ?", hub));
        long otherRank = db().read((Tx tx) -> Jdbc.count(tx, "SELECT ahrefs_rank FROM pages WHERE url = ?", "https://other" + k + ".example/"));
        long fanRank = db().read((Tx tx) -> Jdbc.count(tx, "SELECT ahrefs_rank FROM pages WHERE url = ?", "https://fan0-" + k + ".example/"));
        assertThat(hubRank).isGreaterThan(otherRank);
        assertThat(otherRank).isEqualTo(fanRank); // its only links were nofollow or lost
        long hubDr = db().read((Tx tx) -> Jdbc.count(tx, "SELECT domain_rating FROM domains WHERE name = ?", "hub" + k + ".example"));
        long hubTop = db().read((Tx tx) -> Jdbc.count(tx, "SELECT ahrefs_top FROM domains WHERE name = ?", "hub" + k + ".example"));
        long maxDr = db().read((Tx tx) -> Jdbc.count(tx, "SELECT MAX(domain_rating) FROM domains"));
        assertThat(hubDr).isEqualTo(maxDr);
        assertThat(hubTop).isGreaterThan(0);
        assertThat(db().read((Tx tx) -> Jdbc.count(tx, "SELECT count(*) FROM domains WHERE ahrefs_top = ?", hubTop))).isEqualTo(1);
    }
}
