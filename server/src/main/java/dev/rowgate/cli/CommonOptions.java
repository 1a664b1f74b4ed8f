package dev.rowgate.cli;

import dev.rowgate.config.Config;
import dev.rowgate.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes: where the configuration and the database are, and JSON output. */
public final class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ./rowgate.toml when present).")
    Path configFile;

    @Option(names = "--db", paramLabel = "URL", description = "Database: sqlite:PATH or postgresql://user@host:5432/db (overrides database.url).")
    String database;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override any configuration key, e.g. --set tokens.access_ttl=30m.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    Config load(Map<String, String> env, Map<String, String> extra) {
        Map<String, String> flags = new LinkedHashMap<>(overrides);
        if (database != null) flags.put("database.url", database);
        flags.putAll(extra);
        return ConfigLoader.load(configFile, env, flags);
    }
}
