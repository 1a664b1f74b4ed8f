package dev.rowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.testing.TestDb;
import dev.rowgate.web.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code rowgate ...} in-process against a test database, as the CLI tests do, capturing exit code and output. */
final class CliRun {

    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out + " / stderr: " + err, e);
            }
        }
    }

    private CliRun() {}

    /** The command with {@code --db} of the test database (unless given) and a fixed issuer. */
    static Result rowgate(TestDb db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (all.stream().noneMatch(a -> a.equals("--db"))) {
            all.add("--db");
            all.add(db.url().display());
        }
        all.add("--set");
        all.add("issuer=https://auth.example.com");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RowgateCommand.run(all.toArray(String[]::new), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
