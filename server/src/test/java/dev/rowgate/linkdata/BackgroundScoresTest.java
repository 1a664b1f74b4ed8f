package dev.rowgate.linkdata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.TestServer;
import dev.rowgate.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * api-v2.md: scores are "recomputed in the background after a load". Link data is loaded as another process would
 * (the Loader on its own pools, not through the server), and the running server notices and scores it; the v2 API
 * then serves the new ranks, and /metrics counts the run.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(Dialect.class)
class BackgroundScoresTest {

    static TestServer server;

    @Parameter
    Dialect dialect;

    @BeforeParameterizedClassInvocation
    static void startServer(Dialect dialect) {
        server = TestServer.start(dialect, Map.of("scores.interval", "1s"));
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        if (server != null) server.close();
        server = null;
    }

    /** Loads links from fans into hub through a Database of its own: another process, as far as the server can tell. */
    private static void loadElsewhere(String hub, int fans) throws Exception {
        List<String> lines = new ArrayList<>();
        int k = Fixtures.next();
        for (int i = 0; i < fans; i++) lines.add("{\"url_from\":\"https://fan" + i + "-" + k + ".example/\",\"url_to\":\"" + hub + "\"}");
        Path file = Files.createTempFile("background-scores-", ".jsonl");
        Files.write(file, lines);
        try (var other = dev.rowgate.store.Database.open(server.wiring().database().url(), 2, null)) {
            new Loader(other, server.wiring().stores().linkData()).load(List.of(file), null);
        } finally {
            Files.delete(file);
        }
    }

    private static JsonNode v2(String key, String query) throws Exception {
        return Json.MAPPER.readTree(Http.get(server.url("/v2/?token=" + key + "&" + query)).body());
    }

    @Test
    void aLoadByAnotherProcessIsScoredInTheBackgroundAndServed() throws Exception {
        String key = server.wiring().apiKeys().create(server.user().account().id(), "scores").secret();
        String site = "hub" + Fixtures.next() + ".example";
        ScoresJob job = server.server().scoresJob();
        long runs = job.runs();

        loadElsewhere("https://" + site + "/", 5);

        assertThat(job.awaitRunsAfter(runs, Duration.ofSeconds(60))).as("scores recomputed within 60 s of the load").isTrue();
        JsonNode ranks = v2(key, "from=ahrefs_rank&target=https://" + site + "/&mode=exact");
        assertThat(ranks.get("pages").get(0).get("ahrefs_rank").asInt()).isPositive();
        JsonNode dr = v2(key, "from=domain_rating&target=" + site);
        assertThat(dr.get("domain").get("ahrefs_top").asLong()).isPositive();
        String metrics = Http.get(server.url("/metrics")).body();
        assertThat(metrics).containsPattern("rowgate_scores_recompute_seconds_count(\\{[^}]*\\})? [1-9]");
        assertThat(metrics).containsPattern("rowgate_jobs_runs_total\\{[^}]*job=\"scores\"[^}]*outcome=\"ran\"[^}]*\\} [1-9]");

        // A second load is noticed too; between loads the job finds nothing to do.
        long after = job.runs();
        String second = "hub" + Fixtures.next() + ".example";
        loadElsewhere("https://" + second + "/", 3);
        assertThat(job.awaitRunsAfter(after, Duration.ofSeconds(60))).isTrue();
        assertThat(v2(key, "from=domain_rating&target=" + second).get("domain").get("ahrefs_top").asLong()).isPositive();
    }
}
