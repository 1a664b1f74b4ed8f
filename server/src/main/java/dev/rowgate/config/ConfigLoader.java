package dev.rowgate.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration in four layers, later ones winning: built-in defaults, the TOML file
 * ({@code rowgate.toml} in the working directory when present, or {@code --config FILE}), environment variables
 * ({@code ROWGATE_} + the key upper-cased with dots as underscores, e.g. {@code ROWGATE_LISTEN_PORT}), and flags
 * ({@code --set key=value} or the shortcuts {@code --port}, {@code --db}, ...). Every value is checked here, once;
 * a bad one stops start-up with a {@link ConfigException} that names the key, its source and the fix.
 */
public final class ConfigLoader {

    public static final Path DEFAULT_FILE = Path.of("rowgate.toml");

    /** Every key Rowgate knows, with its default (null: derived) and what it takes. */
    static final Map<String, String[]> KEYS = new LinkedHashMap<>();

    static {
        key("issuer", null, "the public base URL, e.g. https://auth.example.com (default http://HOST:PORT)");
        key("listen.host", "127.0.0.1", "an interface address, e.g. 127.0.0.1 or 0.0.0.0");
        key("listen.port", "8080", "a whole number from 0 to 65535");
        key("database.url", "sqlite:data/rowgate.db", "sqlite:PATH or postgresql://user@host:5432/db");
        key("database.pool_size", "0", "a whole number from 0 (automatic) to 200");
        key("tokens.access_ttl", "3600s", "a duration such as 3600s, 60m, 1h");
        key("tokens.refresh_ttl", "30d", "a duration such as 30d");
        key("tokens.code_ttl", "60s", "a duration from 1s to 10m (RFC 6749 §4.1.2 recommends at most 10 minutes)");
        key("tokens.desktop_ttl", "365d", "a duration such as 365d");
        key("tokens.device_code_ttl", "10m", "a duration such as 10m");
        key("tokens.refresh_grace", "10s", "a duration from 0s to 5m");
        key("cleanup.interval", "60s", "a duration of at least 1s");
        key("cleanup.batch_size", "500", "a whole number from 1 to 100000");
        key("cleanup.retention", "1h", "a duration: expired rows are kept this long (late code replays still revoke)");
        key("desktop.legacy_token_flow", "true", "true or false");
        key("shutdown.grace", "10s", "a duration: how long in-flight requests may finish after SIGTERM");
        key("api.port", null, "a whole number from 0 to 65535: a second port where / is the v2 API (0 picks a free one)");
        key("api.host", null, "a host name, e.g. api.example.com: requests for it get the v2 API at /");
        key("scores.interval", "10s", "a duration of at least 1s: how often the server checks whether link data changed");
        key("v2.precompute_links", "20000", "a whole number: domains with at least this many links in (or out) get their grouped v2 answers precomputed after a load; 0 turns it off (and drops those made)");
        // api-v2.md: the prices are configuration, with the spec's defaults (the catalogue's, v2/tables.tsv).
        for (var table : dev.rowgate.api.v2.V2Tables.all().values()) {
            if (table.name().equals("subscription_info")) continue; // free by the spec
            String prefix = "prices." + table.name() + ".";
            key(prefix + "request", table.requestPrice().toPlainString(), "a number of rows of at least 0, e.g. 1 or 0.5: what every call costs");
            key(prefix + "per_result", table.perResultPrice().toPlainString(), "a number of rows of at least 0, e.g. 1 or 0.2: the price of each result");
            key(prefix + "filter", Long.toString(dev.rowgate.api.v2.PriceRule.of(table).wherePrice()), "a whole number of rows: added for a where, and again for a having");
        }
        key("prices.free_targets", "", "domains separated by commas, e.g. example.com, example.org: calls about them (and their subdomains) cost nothing");
    }

    /** The known keys for an error message, the per-table prices as one pattern. */
    private static String knownKeys() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String k : KEYS.keySet()) {
            names.add(k.startsWith("prices.") && !k.equals("prices.free_targets") ? "prices.TABLE.{request,per_result,filter}" : k);
        }
        return String.join(", ", names);
    }

    private static void key(String name, String defaultValue, String takes) {
        KEYS.put(name, new String[] {defaultValue, takes});
    }

    private record Value(String text, String source) {}

    private final Map<String, Value> values = new TreeMap<>();

    private ConfigLoader() {}

    /**
     * @param file   the config file named by --config, or null for rowgate.toml when it exists
     * @param env    the process environment (tests pass their own)
     * @param flags  key=value overrides from the command line, already mapped to keys
     */
    public static Config load(Path file, Map<String, String> env, Map<String, String> flags) {
        ConfigLoader loader = new ConfigLoader();
        KEYS.forEach((k, v) -> {
            if (v[0] != null) loader.values.put(k, new Value(v[0], "default"));
        });
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("config: file " + file + " does not exist; create it or drop --config");
            }
            loader.readFile(file);
        } else if (Files.isRegularFile(DEFAULT_FILE)) {
            loader.readFile(DEFAULT_FILE);
        }
        for (String k : KEYS.keySet()) {
            String envName = envName(k);
            String v = env.get(envName);
            if (v != null && !v.isEmpty()) loader.values.put(k, new Value(v, envName));
        }
        for (var e : flags.entrySet()) {
            if (!KEYS.containsKey(e.getKey())) {
                throw new ConfigException("config: unknown key '" + e.getKey() + "' (from the command line); known keys: " + knownKeys());
            }
            loader.values.put(e.getKey(), new Value(e.getValue(), "the command line"));
        }
        return loader.build();
    }

    public static String envName(String key) {
        return "ROWGATE_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private void readFile(Path file) {
        Map<String, Object> tree;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = new TomlMapper().readValue(file.toFile(), Map.class);
            tree = read;
        } catch (JacksonException e) {
            throw new ConfigException("config: " + file + " is not valid TOML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("config: cannot read " + file + ": " + e.getMessage());
        }
        flatten("", tree, file.toString());
    }

    private void flatten(String prefix, Map<String, Object> tree, String source) {
        for (var e : tree.entrySet()) {
            String k = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) nested;
                flatten(k + ".", m, source);
            } else if (!KEYS.containsKey(k)) {
                throw new ConfigException("config: unknown key '" + k + "' in " + source + "; known keys: " + knownKeys());
            } else {
                values.put(k, new Value(String.valueOf(e.getValue()), source));
            }
        }
    }

    private Config build() {
        String host = text("listen.host");
        int port = integer("listen.port", 0, 65535);
        String issuer = values.containsKey("issuer") ? issuer() : "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        DatabaseUrl db;
        try {
            db = DatabaseUrl.parse(text("database.url"));
        } catch (IllegalArgumentException e) {
            throw invalid("database.url", e.getMessage());
        }
        Duration codeTtl = duration("tokens.code_ttl");
        if (codeTtl.isZero() || codeTtl.compareTo(Duration.ofMinutes(10)) > 0) throw invalid("tokens.code_ttl", "must be from 1s to 10m");
        Duration grace = duration("tokens.refresh_grace");
        if (grace.compareTo(Duration.ofMinutes(5)) > 0) throw invalid("tokens.refresh_grace", "must be at most 5m");
        Duration cleanup = duration("cleanup.interval");
        if (cleanup.compareTo(Duration.ofSeconds(1)) < 0) throw invalid("cleanup.interval", "must be at least 1s");
        Duration scores = duration("scores.interval");
        if (scores.compareTo(Duration.ofSeconds(1)) < 0) throw invalid("scores.interval", "must be at least 1s");
        return new Config(issuer, host, port, db,
                integer("database.pool_size", 0, 200),
                positive("tokens.access_ttl"), positive("tokens.refresh_ttl"), codeTtl, positive("tokens.desktop_ttl"),
                positive("tokens.device_code_ttl"), grace, cleanup,
                integer("cleanup.batch_size", 1, 100_000), duration("cleanup.retention"),
                bool("desktop.legacy_token_flow"), duration("shutdown.grace"), apiPort(port), apiHost(issuer), scores,
                integer("v2.precompute_links", 0, 1_000_000_000), prices(), freeTargets());
    }

    private Map<String, Config.Price> prices() {
        Map<String, Config.Price> prices = new TreeMap<>();
        for (String k : KEYS.keySet()) {
            if (!k.startsWith("prices.") || !k.endsWith(".request")) continue;
            String table = k.substring("prices.".length(), k.length() - ".request".length());
            String prefix = "prices." + table + ".";
            prices.put(table, new Config.Price(rows(prefix + "request"), rows(prefix + "per_result"), integer(prefix + "filter", 0, 1_000_000)));
        }
        return prices;
    }

    private java.math.BigDecimal rows(String key) {
        try {
            java.math.BigDecimal v = new java.math.BigDecimal(text(key));
            if (v.signum() < 0 || v.compareTo(java.math.BigDecimal.valueOf(1_000_000)) > 0) throw invalid(key, "must be a number of rows from 0 to 1000000");
            return v;
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a number of rows from 0 to 1000000, e.g. 1 or 0.2");
        }
    }

    /** The free targets as domains, normalized as v2 targets are (lower case, punycode, "www." dropped). */
    private java.util.List<String> freeTargets() {
        java.util.List<String> domains = new java.util.ArrayList<>();
        for (String item : text("prices.free_targets").split("[,\\s]+")) {
            if (item.isEmpty()) continue;
            String url = dev.rowgate.linkdata.Urls.normalize(item);
            if (url == null) {
                throw invalid("prices.free_targets", "\"" + item + "\" is not a domain; give domains separated by commas, e.g. example.com, example.org");
            }
            domains.add(dev.rowgate.linkdata.Urls.domainOf(dev.rowgate.linkdata.Urls.hostOf(url)));
        }
        return domains;
    }

    /** issue 5: the v2 API at / on a port of its own, so that clients calling a bare host work unchanged. */
    private OptionalInt apiPort(int mainPort) {
        if (!values.containsKey("api.port") || text("api.port").isEmpty()) return OptionalInt.empty();
        int p = integer("api.port", 0, 65535);
        if (p != 0 && p == mainPort) throw invalid("api.port", "must differ from listen.port (" + mainPort + "): the API needs a port of its own");
        return OptionalInt.of(p);
    }

    /** A host name whose requests get the v2 API at / on the main port; it cannot be the issuer's own host. */
    private Optional<String> apiHost(String issuer) {
        if (!values.containsKey("api.host") || text("api.host").isEmpty()) return Optional.empty();
        String h = text("api.host").toLowerCase(Locale.ROOT);
        // RFC 1123 host names (letters, digits, hyphens, dots), without a port: it is matched against the Host header's name.
        if (!h.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw invalid("api.host", "must be a host name without scheme or port, e.g. api.example.com");
        }
        String issuerHost = java.net.URI.create(issuer).getHost();
        if (h.equals(issuerHost)) throw invalid("api.host", "must differ from the issuer's host: sign-in and consent pages live at / there");
        return Optional.of(h);
    }

    private String issuer() {
        String v = text("issuer");
        // RFC 8414 §2: the issuer is an https URL with no query or fragment; plain http is allowed for loopback and dev.
        if (!v.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?") || v.endsWith("/")) {
            throw invalid("issuer", "must be an absolute http(s) URL without query, fragment or trailing slash, e.g. https://auth.example.com");
        }
        return v;
    }

    private String text(String key) {
        return values.get(key).text().trim();
    }

    private int integer(String key, int min, int max) {
        try {
            int v = Integer.parseInt(text(key));
            if (v < min || v > max) throw invalid(key, "must be a whole number from " + min + " to " + max);
            return v;
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a whole number from " + min + " to " + max);
        }
    }

    private boolean bool(String key) {
        return switch (text(key).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(key, "must be true or false");
        };
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Duration duration(String key) {
        Duration d = simpleDuration(text(key));
        if (d == null) throw invalid(key, "must be " + KEYS.get(key)[1]);
        return d;
    }

    /** "90s", "15m", "24h", "7d", "250ms", or ISO-8601 (PT1H30M); null when it is none of these or negative. */
    private static Duration simpleDuration(String text) {
        String v = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE_DURATION.matcher(v);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
            return d.isNegative() ? null : d;
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** A duration given on the command line, in the configuration's notation. */
    public static Duration parseDuration(String label, String text) {
        Duration d = text == null ? null : text.strip().equals("0") ? Duration.ZERO : simpleDuration(text);
        if (d == null) throw new dev.rowgate.InvalidInputException(label + ": \"" + text + "\" is not a duration such as 0, 90m, 24h or 7d");
        return d;
    }

    private Duration positive(String key) {
        Duration d = duration(key);
        if (d.isZero()) throw invalid(key, "must be longer than 0s");
        return d;
    }

    private ConfigException invalid(String key, String problem) {
        Value v = values.get(key);
        return new ConfigException("config: " + key + " = \"" + DatabaseUrl.redact(v.text()) + "\" (from " + v.source() + ") " + problem);
    }
}
