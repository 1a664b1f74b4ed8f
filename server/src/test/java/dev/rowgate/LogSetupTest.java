package dev.rowgate;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.web.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What serve writes to stdout: one JSON object per line, INFO and up, libraries' chatter held to warnings. */
class LogSetupTest {

    @Test
    void serveLogsJsonLinesAndKeepsLibrariesQuiet() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as Logback's own start sets it
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LogSetup.apply(context, "System.out", "INFO");
            context.getLogger("dev.rowgate.Example").info("listening on {}", "127.0.0.1:8080");
            context.getLogger("dev.rowgate.Example").debug("not shown");
            context.getLogger("org.eclipse.jetty.server.Server").info("not shown either");
            context.getLogger("org.eclipse.jetty.server.Server").warn("a jetty warning");
            context.getLogger("com.zaxxer.hikari.pool.ProxyConnection").warn("not shown: Database says it");
        } finally {
            context.stop();
            System.setOut(stdout);
        }
        List<JsonNode> lines = captured.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return Json.MAPPER.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }).toList();
        assertThat(lines).extracting(l -> l.get("formattedMessage").asText())
                .containsExactly("listening on 127.0.0.1:8080", "a jetty warning");
        assertThat(lines.get(0).get("level").asText()).isEqualTo("INFO");
        assertThat(lines.get(0).get("loggerName").asText()).isEqualTo("dev.rowgate.Example");
        assertThat(lines.get(0).has("timestamp")).isTrue();
    }
}
