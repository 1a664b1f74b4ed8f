package dev.rowgate.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The validated, typed configuration of one Rowgate process. Built only by {@link ConfigLoader}, which
 * merges defaults, the TOML file, {@code ROWGATE_*} environment variables and command-line flags (later wins)
 * and fails fast with a message naming the key (HikariConfig.validate() style).
 */
public record Config(
        String issuer,
        String host,
        int port,
        DatabaseUrl database,
        int poolSize,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Duration codeTtl,
        Duration desktopTokenTtl,
        Duration deviceCodeTtl,
        Duration refreshGrace,
        Duration cleanupInterval,
        int cleanupBatchSize,
        Duration cleanupRetention,
        boolean legacyDesktopFlow,
        Duration shutdownGrace,
        OptionalInt apiPort,
        Optional<String> apiHost,
        Duration scoresInterval) {

    public Config {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(apiPort, "apiPort");
        Objects.requireNonNull(apiHost, "apiHost");
        Objects.requireNonNull(scoresInterval, "scoresInterval");
    }

    /** The same configuration with another database: used by the CLI's --db and by tests. */
    public Config withDatabase(DatabaseUrl other) {
        return new Config(issuer, host, port, other, poolSize, accessTokenTtl, refreshTokenTtl, codeTtl,
                desktopTokenTtl, deviceCodeTtl, refreshGrace, cleanupInterval, cleanupBatchSize, cleanupRetention,
                legacyDesktopFlow, shutdownGrace, apiPort, apiHost, scoresInterval);
    }
}
