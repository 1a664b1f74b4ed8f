package dev.rowgate.config;

import java.time.Duration;
import java.util.Objects;

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
        Duration shutdownGrace) {

    public Config {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
    }

    /** The same configuration with another database: used by the CLI's --db and by tests. */
    public Config withDatabase(DatabaseUrl other) {
        return new Config(issuer, host, port, other, poolSize, accessTokenTtl, refreshTokenTtl, codeTtl,
                desktopTokenTtl, deviceCodeTtl, refreshGrace, cleanupInterval, cleanupBatchSize, cleanupRetention,
                legacyDesktopFlow, shutdownGrace);
    }
}
