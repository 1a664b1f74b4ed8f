package dev.rowgate.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        Duration scoresInterval,
        long precomputeLinks,
        Map<String, Price> prices,
        List<String> freeTargets) {

    /**
     * api-v2.md: what a call of one v2 table costs, "configuration, with these defaults": the request price, the price
     * per result, and the rows added for a where and for a having.
     */
    public record Price(BigDecimal request, BigDecimal perResult, long filter) {}

    public Config {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(apiPort, "apiPort");
        Objects.requireNonNull(apiHost, "apiHost");
        Objects.requireNonNull(scoresInterval, "scoresInterval");
        prices = Map.copyOf(prices);
        freeTargets = List.copyOf(freeTargets);
    }

    /** The same configuration with another database: used by the CLI's --db and by tests. */
    public Config withDatabase(DatabaseUrl other) {
        return new Config(issuer, host, port, other, poolSize, accessTokenTtl, refreshTokenTtl, codeTtl,
                desktopTokenTtl, deviceCodeTtl, refreshGrace, cleanupInterval, cleanupBatchSize, cleanupRetention,
                legacyDesktopFlow, shutdownGrace, apiPort, apiHost, scoresInterval, precomputeLinks, prices, freeTargets);
    }
}
