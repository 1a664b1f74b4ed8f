package dev.rowgate.lifecycle;

import dev.rowgate.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's lifecycle switches (integration-protocol.md, "Lifecycle"): whether new app submissions and new
 * sign-ups are open, and a sunset date per access path. Every node reads them from the database; a read is cached
 * for one second, so a change reaches all nodes within a second without a database read per API call.
 */
public final class Lifecycle {

    /** The access paths that can be sunset separately (rows.md: "the two access paths are separate on purpose"). */
    public enum AccessPath {
        API_KEYS("api_keys", "Direct API access with personal API keys"),
        INTEGRATION_APPS("integration_apps", "API access through integration apps");

        private final String key;
        private final String label;

        AccessPath(String key, String label) {
            this.key = key;
            this.label = label;
        }

        public String key() {
            return key;
        }

        public String label() {
            return label;
        }

        public static Optional<AccessPath> byKey(String key) {
            for (AccessPath p : values()) if (p.key.equals(key)) return Optional.of(p);
            return Optional.empty();
        }
    }

    public record Submissions(boolean open, String message) {}

    /** A path's deprecation (RFC 9745: when it was announced) and sunset (RFC 8594: when it stops). */
    public record Sunset(AccessPath path, Instant deprecatedAt, Instant sunsetAt) {
        public boolean passed(Instant now) {
            return !now.isBefore(sunsetAt);
        }
    }

    static final String SUBMISSIONS_OPEN = "submissions.open";
    static final String SUBMISSIONS_MESSAGE = "submissions.message";
    static final String SUBMISSIONS_AUTO_APPROVE = "submissions.auto_approve";
    static final String SIGNUP_OPEN = "signup.open";
    static final String DEFAULT_CLOSED_MESSAGE = "New app submissions are closed.";

    private record Snapshot(Map<String, String> values, long readAt) {}

    private final Database database;
    private final SettingsStore settings;
    private final Clock clock;
    private volatile Snapshot snapshot;

    public Lifecycle(Database database, SettingsStore settings, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private Map<String, String> values() {
        Snapshot s = snapshot;
        long now = clock.millis();
        if (s == null || now - s.readAt() >= 1000 || now < s.readAt()) {
            s = new Snapshot(database.read(settings::all), now);
            snapshot = s;
        }
        return s.values();
    }

    /** Writes the given settings in one transaction; a null value removes the setting. */
    private void put(Map<String, String> changes) {
        database.inTransaction(tx -> {
            for (Map.Entry<String, String> e : changes.entrySet()) {
                if (e.getValue() == null) settings.remove(tx, e.getKey());
                else settings.put(tx, e.getKey(), e.getValue(), clock.millis());
            }
            return null;
        });
        snapshot = null;
    }

    private void put(String name, String value) {
        Map<String, String> one = new java.util.HashMap<>();
        one.put(name, value);
        put(one);
    }

    public Submissions submissions() {
        Map<String, String> v = values();
        boolean open = !"false".equals(v.get(SUBMISSIONS_OPEN));
        return new Submissions(open, open ? "" : v.getOrDefault(SUBMISSIONS_MESSAGE, DEFAULT_CLOSED_MESSAGE));
    }

    public void setSubmissions(boolean open, String message) {
        Map<String, String> changes = new java.util.HashMap<>();
        changes.put(SUBMISSIONS_OPEN, Boolean.toString(open));
        changes.put(SUBMISSIONS_MESSAGE, message == null || message.isBlank() ? null : message.strip());
        put(changes);
    }

    /** Whether new submissions skip the review queue (off by default: an operator reviews every app). */
    public boolean autoApprove() {
        return "true".equals(values().get(SUBMISSIONS_AUTO_APPROVE));
    }

    public void setAutoApprove(boolean on) {
        put(SUBMISSIONS_AUTO_APPROVE, Boolean.toString(on));
    }

    /** Whether anyone may create an account at /signup (on by default; operators of closed deployments turn it off). */
    public boolean signupOpen() {
        return !"false".equals(values().get(SIGNUP_OPEN));
    }

    public void setSignupOpen(boolean open) {
        put(SIGNUP_OPEN, Boolean.toString(open));
    }

    public Optional<Sunset> sunset(AccessPath path) {
        Map<String, String> v = values();
        String sunsetAt = v.get("sunset." + path.key() + ".at");
        if (sunsetAt == null) return Optional.empty();
        String deprecatedAt = v.getOrDefault("sunset." + path.key() + ".deprecated_at", sunsetAt);
        return Optional.of(new Sunset(path, Instant.ofEpochMilli(Long.parseLong(deprecatedAt)), Instant.ofEpochMilli(Long.parseLong(sunsetAt))));
    }

    /** Announces a sunset: deprecated from now on (RFC 9745), stopped at {@code sunsetAt} (RFC 8594); null clears it. */
    public void setSunset(AccessPath path, Instant sunsetAt) {
        Map<String, String> changes = new java.util.HashMap<>();
        long now = clock.millis();
        changes.put("sunset." + path.key() + ".deprecated_at", sunsetAt == null ? null : Long.toString(Math.min(now, sunsetAt.toEpochMilli())));
        changes.put("sunset." + path.key() + ".at", sunsetAt == null ? null : Long.toString(sunsetAt.toEpochMilli()));
        put(changes);
    }
}
