package dev.rowgate.apps;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.AccountStore;
import dev.rowgate.audit.Actor;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.store.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Imports existing apps with their exact client_id and secret (integration-protocol.md: "Operators can import
 * existing apps with their exact client_id and secret"), from CSV or JSON ({@link ImportFile}). All or nothing: every
 * record is checked first and the report names each bad line and why; only a file without problems is written, in
 * one transaction. Secrets are stored as hashes only, like every other client secret.
 */
public final class AppImport {

    /** What an import did: the apps created, or (when problems is not empty) nothing and why. */
    public record Result(List<App> imported, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Database database;
    private final AppRegistration registration;
    private final AppStore apps;
    private final AccountStore accounts;
    private final AuditLog audit;

    public AppImport(Database database, AppRegistration registration, AppStore apps, AccountStore accounts, AuditLog audit) {
        this.database = Objects.requireNonNull(database, "database");
        this.registration = Objects.requireNonNull(registration, "registration");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    private record Checked(ImportFile.Entry entry, AppRegistration.Prepared prepared, App.Status status) {}

    public Result importText(String text, Actor actor) {
        ImportFile.Parsed parsed = ImportFile.parse(text == null ? "" : text);
        if (!parsed.problems().isEmpty()) return new Result(List.of(), parsed.problems());
        List<String> problems = new ArrayList<>();
        List<Checked> checked = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ImportFile.Entry e : parsed.entries()) {
            try {
                Checked c = check(e);
                String first = seen.putIfAbsent(c.prepared().request().clientId(), e.where());
                if (first != null) throw new InvalidInputException("client_id \"" + c.prepared().request().clientId() + "\" is also on " + first);
                checked.add(c);
            } catch (InvalidInputException ex) {
                problems.add(e.where() + ": " + ex.getMessage());
            }
        }
        if (!problems.isEmpty()) return new Result(List.of(), problems);
        try {
            List<App> imported = database.inTransaction(tx -> {
                List<App> out = new ArrayList<>();
                for (Checked c : checked) {
                    App app;
                    try {
                        app = registration.insert(tx, c.prepared(), c.status());
                    } catch (InvalidInputException ex) {
                        throw new InvalidInputException(c.entry().where() + ": " + ex.getMessage());
                    }
                    audit.record(tx, "app.import", actor.accountId(), app.id(), actor.ip(), actor.detail(Map.of("client_id", app.clientId(),
                            "status", app.status().name().toLowerCase(Locale.ROOT))));
                    out.add(app);
                }
                return out;
            });
            return new Result(imported, List.of());
        } catch (InvalidInputException ex) {
            // A client_id taken between the check and the write: nothing was written.
            return new Result(List.of(), List.of(ex.getMessage()));
        }
    }

    private Checked check(ImportFile.Entry e) {
        Map<String, String> f = e.fields();
        String clientId = f.get("client_id");
        if (clientId == null) throw new InvalidInputException("client_id: is required (an import keeps the app's exact client_id)");
        String typeName = f.getOrDefault("type", "");
        App.Type type = switch (typeName.strip().toLowerCase(Locale.ROOT)) {
            case "web" -> App.Type.WEB;
            case "desktop" -> App.Type.DESKTOP;
            default -> throw new InvalidInputException("type: must be web or desktop" + (typeName.isEmpty() ? "" : ", not \"" + typeName + "\""));
        };
        String secret = f.get("secret");
        if (type == App.Type.WEB && secret == null) throw new InvalidInputException("secret: a web app needs its existing client secret");
        App.Status status = App.Status.APPROVED;
        if (f.get("status") != null) {
            status = switch (f.get("status").strip().toLowerCase(Locale.ROOT)) {
                case "approved" -> App.Status.APPROVED;
                case "pending" -> App.Status.PENDING;
                case "rejected" -> App.Status.REJECTED;
                case "suspended" -> App.Status.SUSPENDED;
                default -> throw new InvalidInputException("status: must be approved, pending, rejected or suspended, not \""
                        + f.get("status") + "\"");
            };
        }
        Long ownerId = null;
        String owner = f.get("owner_email");
        if (owner != null) {
            ownerId = database.read(tx -> accounts.findByEmail(tx, owner)).map(Account::id)
                    .orElseThrow(() -> new InvalidInputException("owner_email: no account with email " + owner));
        }
        AppRegistration.Prepared prepared = registration.prepare(new AppRegistration.Request(f.getOrDefault("name", clientId), "", type,
                e.redirectUris(), clientId, secret, ownerId, false, null, null));
        if (database.read(tx -> apps.findByClientId(tx, clientId)).isPresent()) {
            throw new InvalidInputException("client_id \"" + clientId + "\" is taken by another app");
        }
        return new Checked(e, prepared, status);
    }
}
