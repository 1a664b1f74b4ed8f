package dev.rowgate.apps;

import dev.rowgate.InvalidInputException;
import dev.rowgate.audit.Actor;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.store.Database;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's review of apps: approve or reject a submission, suspend an approved app, reinstate a suspended one.
 * A suspension revokes nothing: every check of a token (bearer validation, introspection, refresh, code exchange)
 * reads the app's status, so the tokens stop at once and come back on reinstatement. The bearer cache of this node
 * is dropped after the change ({@code onAccessChange}); other PostgreSQL nodes hear of it from the store's notice.
 */
public final class AppReview {

    /** The review actions, each allowed from some statuses only. */
    public enum Action {
        APPROVE(App.Status.APPROVED, EnumSet.of(App.Status.PENDING, App.Status.REJECTED)),
        REJECT(App.Status.REJECTED, EnumSet.of(App.Status.PENDING)),
        SUSPEND(App.Status.SUSPENDED, EnumSet.of(App.Status.APPROVED)),
        REINSTATE(App.Status.APPROVED, EnumSet.of(App.Status.SUSPENDED));

        private final App.Status to;
        private final Set<App.Status> from;

        Action(App.Status to, Set<App.Status> from) {
            this.to = to;
            this.from = from;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public App.Status to() {
            return to;
        }

        public boolean allowedFrom(App.Status status) {
            return from.contains(status);
        }

        public static Optional<Action> byKey(String key) {
            for (Action a : values()) if (a.key().equals(key)) return Optional.of(a);
            return Optional.empty();
        }
    }

    private final Database database;
    private final AppStore apps;
    private final AuditLog audit;
    private final Runnable onAccessChange;
    private final Clock clock;

    public AppReview(Database database, AppStore apps, AuditLog audit, Runnable onAccessChange, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.onAccessChange = Objects.requireNonNull(onAccessChange, "onAccessChange");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Applies the action; InvalidInputException names the problem when the app's status does not allow it. */
    public App apply(long appId, Action action, Actor actor) {
        App changed = database.inTransaction(tx -> {
            App app = apps.findById(tx, appId).orElseThrow(() -> new InvalidInputException("app: no app with id " + appId));
            if (!action.allowedFrom(app.status())) {
                throw new InvalidInputException("app \"" + app.clientId() + "\" is " + app.status().name().toLowerCase(Locale.ROOT)
                        + "; it cannot be " + past(action));
            }
            apps.setStatus(tx, app.id(), action.to(), clock.millis());
            audit.record(tx, "app." + action.key(), actor.accountId(), app.id(), actor.ip(),
                    actor.detail(Map.of("client_id", app.clientId(), "from", app.status().name().toLowerCase(Locale.ROOT),
                            "to", action.to().name().toLowerCase(Locale.ROOT))));
            return apps.findById(tx, app.id()).orElseThrow();
        });
        onAccessChange.run();
        return changed;
    }

    public App apply(String clientId, Action action, Actor actor) {
        App app = database.read(tx -> apps.findByClientId(tx, clientId))
                .orElseThrow(() -> new InvalidInputException("app: no app with client_id \"" + clientId + "\""));
        return apply(app.id(), action, actor);
    }

    public static String past(Action action) {
        return switch (action) {
            case APPROVE -> "approved";
            case REJECT -> "rejected";
            case SUSPEND -> "suspended";
            case REINSTATE -> "reinstated";
        };
    }
}
