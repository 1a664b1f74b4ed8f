package dev.rowgate.cli;

import dev.rowgate.Wiring;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "migrate", description = "Create or upgrade the database schema, then exit.")
final class MigrateCommand extends BaseCommand {

    @Override
    public Integer call() {
        return withWiring(this::report);
    }

    private int report(Wiring wiring) {
        // Wiring.build has migrated already; report where the database stands.
        String version = wiring.database().schemaVersion();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("database", wiring.database().url().display());
        result.put("schema_version", version);
        print(result, "database " + wiring.database().url().display() + " is at schema version " + version);
        return 0;
    }
}
