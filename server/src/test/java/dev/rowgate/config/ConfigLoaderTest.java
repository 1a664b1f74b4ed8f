package dev.rowgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path file(String toml) throws IOException {
        Path f = dir.resolve("rowgate.toml");
        Files.writeString(f, toml);
        return f;
    }

    @Test
    void defaultsWhenNothingIsSet() {
        Config c = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.issuer()).isEqualTo("http://127.0.0.1:8080");
        assertThat(c.database().dialect()).isEqualTo(DatabaseUrl.Dialect.SQLITE);
        assertThat(c.database().sqliteFile()).isEqualTo(Path.of("data/rowgate.db").toAbsolutePath());
        assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.codeTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.desktopTokenTtl()).isEqualTo(Duration.ofDays(365));
        assertThat(c.refreshGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.cleanupInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.legacyDesktopFlow()).isTrue();
    }

    @Test
    void fileThenEnvironmentThenFlagsEachWin() throws IOException {
        Path f = file("""
                issuer = "https://auth.example.com"
                [listen]
                port = 9000
                host = "0.0.0.0"
                [tokens]
                access_ttl = "30m"
                refresh_grace = "5s"
                """);
        Config fromFile = ConfigLoader.load(f, Map.of(), Map.of());
        assertThat(fromFile.port()).isEqualTo(9000);
        assertThat(fromFile.host()).isEqualTo("0.0.0.0");
        assertThat(fromFile.issuer()).isEqualTo("https://auth.example.com");
        assertThat(fromFile.accessTokenTtl()).isEqualTo(Duration.ofMinutes(30));

        Config fromEnv = ConfigLoader.load(f, Map.of("ROWGATE_LISTEN_PORT", "9100", "ROWGATE_TOKENS_ACCESS_TTL", "PT2H"), Map.of());
        assertThat(fromEnv.port()).isEqualTo(9100);
        assertThat(fromEnv.accessTokenTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(fromEnv.refreshGrace()).isEqualTo(Duration.ofSeconds(5));

        Config fromFlags = ConfigLoader.load(f, Map.of("ROWGATE_LISTEN_PORT", "9100"), Map.of("listen.port", "9200"));
        assertThat(fromFlags.port()).isEqualTo(9200);
    }

    @Test
    void postgresUrlBecomesJdbcWithUserAndDisplayHidesPassword() {
        Config c = ConfigLoader.load(null, Map.of("ROWGATE_DATABASE_URL", "postgresql://rg:s%40cret@db.internal:5433/rowgate"), Map.of());
        assertThat(c.database().dialect()).isEqualTo(DatabaseUrl.Dialect.POSTGRES);
        assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/rowgate");
        assertThat(c.database().user()).isEqualTo("rg");
        assertThat(c.database().password()).isEqualTo("s@cret");
        assertThat(c.database().toString()).isEqualTo("postgresql://rg@db.internal:5433/rowgate").doesNotContain("cret");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            listen.port          | 70000       | config: listen.port = "70000" (from the command line) must be a whole number from 0 to 65535
            listen.port          | eighty      | config: listen.port = "eighty" (from the command line) must be a whole number from 0 to 65535
            tokens.access_ttl    | soon        | config: tokens.access_ttl = "soon" (from the command line) must be a duration such as 3600s, 60m, 1h
            tokens.access_ttl    | 0s          | config: tokens.access_ttl = "0s" (from the command line) must be longer than 0s
            tokens.code_ttl      | 11m         | config: tokens.code_ttl = "11m" (from the command line) must be from 1s to 10m
            tokens.refresh_grace | 1h          | config: tokens.refresh_grace = "1h" (from the command line) must be at most 5m
            issuer               | https://a/  | config: issuer = "https://a/" (from the command line) must be an absolute http(s) URL without query, fragment or trailing slash, e.g. https://auth.example.com
            database.url         | mysql://x/y | config: database.url = "mysql://x/y" (from the command line) "mysql://x/y" is not a database URL; use sqlite:PATH or postgresql://user@host:5432/db
            desktop.legacy_token_flow | maybe  | config: desktop.legacy_token_flow = "maybe" (from the command line) must be true or false
            cleanup.batch_size   | 0           | config: cleanup.batch_size = "0" (from the command line) must be a whole number from 1 to 100000
            """)
    void badValueWhenLoadingThenOneLineNamingKeySourceAndFix(String key, String value, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void pricesDefaultToTheSpecAndAreConfigurablePerTable() {
        Config defaults = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(defaults.prices().get("backlinks")).isEqualTo(new Config.Price(new java.math.BigDecimal("1"), new java.math.BigDecimal("0.2"), 5));
        assertThat(defaults.prices().get("linked_domains_by_type")).isEqualTo(new Config.Price(new java.math.BigDecimal("10"), new java.math.BigDecimal("1"), 10));
        assertThat(defaults.prices()).doesNotContainKey("subscription_info").hasSize(24);
        assertThat(defaults.freeTargets()).isEmpty();

        Config set = ConfigLoader.load(null, Map.of("ROWGATE_PRICES_ANCHORS_PER_RESULT", "0.5"),
                Map.of("prices.backlinks.request", "2", "prices.free_targets", "Example.COM, https://www.shop.example.org/x"));
        assertThat(set.prices().get("anchors").perResult()).isEqualByComparingTo("0.5");
        assertThat(set.prices().get("backlinks").request()).isEqualByComparingTo("2");
        assertThat(set.freeTargets()).containsExactly("example.com", "shop.example.org");
    }

    @Test
    void badPricesAreRefusedWithTheKey() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("prices.backlinks.per_result", "-0.2")))
                .hasMessageContaining("prices.backlinks.per_result").hasMessageContaining("must be a number of rows from 0");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("prices.backlinks.filter", "0.5")))
                .hasMessageContaining("prices.backlinks.filter").hasMessageContaining("whole number");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("prices.nosuch.request", "1")))
                .hasMessageContaining("unknown key 'prices.nosuch.request'").hasMessageContaining("prices.TABLE.{request,per_result,filter}");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("prices.free_targets", "example.com, not a domain!")))
                .hasMessageContaining("prices.free_targets").hasMessageContaining("is not a domain");
    }

    @Test
    void badValueFromEnvironmentNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("ROWGATE_LISTEN_PORT", "-1"), Map.of()))
                .hasMessage("config: listen.port = \"-1\" (from ROWGATE_LISTEN_PORT) must be a whole number from 0 to 65535");
    }

    @Test
    void unknownKeyInFileIsRefusedSoTyposDoNotPassSilently() throws IOException {
        Path f = file("[listen]\nprot = 9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: unknown key 'listen.prot' in " + f + "; known keys: issuer, listen.host, listen.port");
    }

    @Test
    void invalidTomlAndMissingFileSayWhich() throws IOException {
        Path f = file("[listen\nport = 1");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of())).hasMessageStartingWith("config: " + f + " is not valid TOML");
        Path missing = dir.resolve("nope.toml");
        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of(), Map.of()))
                .hasMessage("config: file " + missing + " does not exist; create it or drop --config");
    }

    @Test
    void passwordInDatabaseUrlNeverAppearsInAnError() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("database.url", "postgresql://u:topsecret@h:5432")))
                .isInstanceOf(ConfigException.class)
                .message().doesNotContain("topsecret").contains("names no database");
    }

    @Test
    void apiListenerAndHostAreOffUnlessSetAndCheckedWhenSet() throws IOException {
        Config none = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(none.apiPort()).isEmpty();
        assertThat(none.apiHost()).isEmpty();
        assertThat(none.scoresInterval()).isEqualTo(Duration.ofSeconds(10));

        Config set = ConfigLoader.load(file("[api]\nport = 8081\nhost = \"API.Example.com\"\n[scores]\ninterval = \"1m\"\n"), Map.of(), Map.of());
        assertThat(set.apiPort()).hasValue(8081);
        assertThat(set.apiHost()).contains("api.example.com");
        assertThat(set.scoresInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(ConfigLoader.load(null, Map.of("ROWGATE_API_PORT", "0"), Map.of()).apiPort()).hasValue(0);

        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("api.port", "8080")))
                .hasMessage("config: api.port = \"8080\" (from the command line) must differ from listen.port (8080): the API needs a port of its own");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("api.host", "https://api.example.com")))
                .hasMessage("config: api.host = \"https://api.example.com\" (from the command line) must be a host name without scheme or port, e.g. api.example.com");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("api.host", "auth.example.com", "issuer", "https://auth.example.com")))
                .hasMessageContaining("must differ from the issuer's host");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("scores.interval", "500ms")))
                .hasMessageContaining("scores.interval = \"500ms\" (from the command line) must be at least 1s");
    }
}
