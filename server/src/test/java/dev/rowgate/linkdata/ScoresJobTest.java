package dev.rowgate.linkdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.jobs.JobLock;
import dev.rowgate.jobs.JobRunner;
import dev.rowgate.store.Database;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The data version a load bumps, and two score jobs (two nodes) on one database: one recomputes, once per change. */
class ScoresJobTest extends BothDatabases {

    private void load(String hub, int fans) throws Exception {
        List<String> lines = new ArrayList<>();
        int k = Fixtures.next();
        for (int i = 0; i < fans; i++) lines.add("{\"url_from\":\"https://fan" + i + "-" + k + ".example/\",\"url_to\":\"" + hub + "\"}");
        Path file = Files.createTempFile("scores-job-", ".jsonl");
        Files.write(file, lines);
        new Loader(db(), stores().linkData()).load(List.of(file), null);
        Files.delete(file);
    }

    private ScoresJob job(Database db) {
        return new ScoresJob(db, new JobRunner(JobLock.forDatabase(db, new MutableClock(1L)), null), new MutableClock(1L), Duration.ofHours(1), null);
    }

    @Test
    void aLoadBumpsTheVersionAndTheJobRecomputesOncePerChange() throws Exception {
        ScoresJob job = job(db());
        job.runIfStale(); // whatever earlier tests of this class left
        long before = db().read(LinkDataVersion::current);

        load("https://hub" + Fixtures.next() + ".example/", 3);

        assertThat(db().read(LinkDataVersion::current)).isEqualTo(before + 1);
        assertThat(job.runIfStale()).isInstanceOfSatisfying(ScoresJob.Outcome.Recomputed.class, r -> assertThat(r.version()).isEqualTo(before + 1));
        assertThat(db().read(LinkDataVersion::scored)).isEqualTo(before + 1);
        assertThat(job.runIfStale()).isEqualTo(new ScoresJob.Outcome.UpToDate(before + 1));
        assertThat(job.runNow()).isInstanceOf(ScoresJob.Outcome.Recomputed.class);
    }

    @Test
    void twoNodesCheckingAtOnceRecomputeOnceAndTheOtherFindsItBusyOrDone() throws Exception {
        String hub = "https://hub" + Fixtures.next() + ".example/";
        load(hub, 4);
        Database other = Database.open(testDb.url(), 2, null);
        try {
            List<ScoresJob> nodes = List.of(job(db()), job(other), job(db()), job(other));
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<ScoresJob.Outcome>> calls = new ArrayList<>();
            for (ScoresJob node : nodes) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return node.runIfStale();
                }));
            }
            start.countDown();
            List<ScoresJob.Outcome> outcomes = new ArrayList<>();
            for (var c : calls) outcomes.add(c.get(120, TimeUnit.SECONDS));

            assertThat(outcomes).filteredOn(o -> o instanceof ScoresJob.Outcome.Recomputed).hasSize(1);
            assertThat(outcomes).filteredOn(o -> !(o instanceof ScoresJob.Outcome.Recomputed))
                    .allMatch(o -> o instanceof ScoresJob.Outcome.Busy || o instanceof ScoresJob.Outcome.UpToDate);
            assertThat(db().read((Tx tx) -> Jdbc.count(tx, "SELECT ahrefs_rank FROM pages WHERE url = ?", hub))).isPositive();
            for (ScoresJob node : nodes) assertThat(node.runIfStale()).isInstanceOf(ScoresJob.Outcome.UpToDate.class);
        } finally {
            other.close();
        }
    }
}
