package dev.rowgate.cli;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.Account;
import dev.rowgate.apps.App;
import dev.rowgate.apps.AppImport;
import dev.rowgate.apps.AppRegistration;
import dev.rowgate.apps.AppReview;
import dev.rowgate.audit.Actor;
import dev.rowgate.apps.InvitationUrl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apps", description = "Manage integration apps.", subcommands = {AppsCommand.Add.class, AppsCommand.ListApps.class,
        AppsCommand.Set.class, AppsCommand.RotateSecret.class, AppsCommand.Approve.class, AppsCommand.Reject.class, AppsCommand.Suspend.class,
        AppsCommand.Reinstate.class, AppsCommand.Import.class})
final class AppsCommand {

    /** The review actions (AppReview): the same rules and audit events as /admin/apps. */
    abstract static class Review extends BaseCommand {
        @Option(names = "--client-id", required = true)
        String clientId;

        abstract AppReview.Action action();

        @Override
        public Integer call() {
            return withWiring(w -> {
                App app = w.appReview().apply(clientId, action(), Actor.CLI);
                print(json(app, InvitationUrl.of(w.config().issuer(), app)), "app " + app.clientId() + ": " + AppReview.past(action())
                        + " (now " + app.status().name().toLowerCase() + ")");
                return 0;
            });
        }
    }

    @Command(name = "approve", description = "Approve a pending (or rejected) app.")
    static final class Approve extends Review {
        AppReview.Action action() {
            return AppReview.Action.APPROVE;
        }
    }

    @Command(name = "reject", description = "Reject a pending app.")
    static final class Reject extends Review {
        AppReview.Action action() {
            return AppReview.Action.REJECT;
        }
    }

    @Command(name = "suspend", description = "Suspend an approved app: its tokens stop working at once (not revoked).")
    static final class Suspend extends Review {
        AppReview.Action action() {
            return AppReview.Action.SUSPEND;
        }
    }

    @Command(name = "reinstate", description = "Reinstate a suspended app: its tokens work again.")
    static final class Reinstate extends Review {
        AppReview.Action action() {
            return AppReview.Action.REINSTATE;
        }
    }

    @Command(name = "import", description = "Import existing apps with their exact client_id and secret from a CSV or JSON file; all or nothing.")
    static final class Import extends BaseCommand {
        @picocli.CommandLine.Parameters(paramLabel = "FILE", description = "CSV with a header row, or a JSON array of objects.")
        java.nio.file.Path file;

        @Override
        public Integer call() {
            String text;
            try {
                text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                throw new InvalidInputException("FILE: cannot read " + file + " (" + e.getMessage() + ")");
            }
            return withWiring(w -> {
                AppImport.Result r = w.appImport().importText(text, Actor.CLI);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("imported", r.imported().stream().map(a -> json(a, InvitationUrl.of(w.config().issuer(), a))).toList());
                json.put("problems", r.problems());
                if (r.ok()) {
                    StringBuilder human = new StringBuilder("imported " + r.imported().size() + " app(s)");
                    for (App a : r.imported()) human.append("\n  ").append(a.clientId()).append("  [").append(a.type().name().toLowerCase())
                            .append(", ").append(a.status().name().toLowerCase()).append("]");
                    print(json, human.toString());
                    return 0;
                }
                if (common.json) print(json, "");
                for (String p : r.problems()) io.err().println("rowgate: " + file.getFileName() + ": " + p);
                io.err().println("rowgate: nothing was imported");
                return 2;
            });
        }
    }

    @Command(name = "add", description = "Register an app; prints its client_id, its client_secret (once) and its invitation URL.")
    static final class Add extends BaseCommand {
        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--type", required = true, description = "web (confidential, has a secret) or desktop (public).")
        Type type;

        @Option(names = "--redirect-uri", required = true, arity = "1..*", paramLabel = "URL")
        List<String> redirectUris;

        @Option(names = "--client-id", description = "Keep an existing app's exact client_id (default: a slug of the name).")
        String clientId;

        @Option(names = "--client-secret", description = "Keep an existing web app's secret (default: a new random one).")
        String clientSecret;

        @Option(names = "--owner", paramLabel = "EMAIL", description = "The developer account that owns the app.")
        String owner;

        @Option(names = "--description", defaultValue = "")
        String description;

        @Option(names = "--approve", description = "Approve at once (default: waits for review).")
        boolean approve;

        enum Type { web, desktop }

        @Override
        public Integer call() {
            return withWiring(w -> {
                Long ownerId = null;
                if (owner != null) {
                    ownerId = w.database().read(tx -> w.stores().accounts().findByEmail(tx, owner)).map(Account::id)
                            .orElseThrow(() -> new InvalidInputException("owner: no account with email " + owner));
                }
                AppRegistration.Registered r = w.appRegistration().register(new AppRegistration.Request(name, description,
                        type == Type.web ? App.Type.WEB : App.Type.DESKTOP, redirectUris, clientId, clientSecret, ownerId, approve,
                        null, null));
                Map<String, Object> json = json(r.app(), r.invitationUrl());
                json.put("client_secret", r.clientSecret());
                print(json, "registered " + r.app().type().name().toLowerCase() + " app \"" + r.app().name() + "\" ("
                        + r.app().status().name().toLowerCase() + ")\n"
                        + "  client_id:      " + r.app().clientId() + "\n"
                        + (r.clientSecret() == null ? "  client_secret:  none (public client)\n"
                                : "  client_secret:  " + r.clientSecret() + "   (shown once; only its hash is stored)\n")
                        + "  invitation_url: " + r.invitationUrl());
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List apps with their invitation URLs.")
    static final class ListApps extends BaseCommand {
        @Override
        public Integer call() {
            return withWiring(w -> {
                List<App> apps = w.database().read(tx -> w.stores().apps().list(tx));
                String issuer = w.config().issuer();
                StringBuilder human = new StringBuilder();
                for (App a : apps) {
                    human.append(a.clientId()).append("  [").append(a.type().name().toLowerCase()).append(", ")
                            .append(a.status().name().toLowerCase()).append("]  ").append(a.name()).append('\n')
                            .append("  redirect: ").append(String.join(" ", a.redirectUris())).append('\n')
                            .append("  invite:   ").append(InvitationUrl.of(issuer, a)).append('\n');
                }
                print(apps.stream().map(a -> json(a, InvitationUrl.of(issuer, a))).toList(),
                        apps.isEmpty() ? "no apps" : human.toString().stripTrailing());
                return 0;
            });
        }
    }

    @Command(name = "set", description = "Change an app's settings.")
    static final class Set extends BaseCommand {
        @Option(names = "--client-id", required = true)
        String clientId;

        @Option(names = "--legacy-token-flow", required = true, paramLabel = "on|off|default",
                description = "The legacy desktop flow (token in the callback URL) for this app; default follows desktop.legacy_token_flow.")
        String legacyTokenFlow;

        @Override
        public Integer call() {
            Boolean allowed = switch (legacyTokenFlow) {
                case "on" -> Boolean.TRUE;
                case "off" -> Boolean.FALSE;
                case "default" -> null;
                default -> throw new InvalidInputException("--legacy-token-flow: must be on, off or default");
            };
            return withWiring(w -> {
                App app = w.database().read(tx -> w.stores().apps().findByClientId(tx, clientId))
                        .orElseThrow(() -> new InvalidInputException("app: no app with client_id \"" + clientId + "\""));
                w.database().inTransaction(tx -> w.stores().apps().setLegacyTokenFlow(tx, app.id(), allowed, w.clock().millis()));
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("client_id", clientId);
                json.put("legacy_token_flow", legacyTokenFlow);
                print(json, "legacy token flow for " + clientId + ": " + legacyTokenFlow);
                return 0;
            });
        }
    }

    @Command(name = "rotate-secret", description = "Issue a new client secret (printed once); the old ones keep working for --overlap.")
    static final class RotateSecret extends BaseCommand {
        @Option(names = "--client-id", required = true)
        String clientId;

        @Option(names = "--overlap", defaultValue = "24h", paramLabel = "DURATION",
                description = "How long the old secrets keep working: 0 (stop now), 90m, 24h, 7d ... at most 30d. Default: 24h.")
        String overlap;

        @Override
        public Integer call() {
            java.time.Duration keep = dev.rowgate.config.ConfigLoader.parseDuration("--overlap", overlap);
            return withWiring(w -> {
                App app = w.database().read(tx -> w.stores().apps().findByClientId(tx, clientId))
                        .orElseThrow(() -> new InvalidInputException("app: no app with client_id \"" + clientId + "\""));
                String secret = w.clientSecrets().rotate(app, keep, null, null);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("client_id", clientId);
                json.put("client_secret", secret);
                json.put("old_secrets_until", w.clock().millis() + keep.toMillis());
                print(json, "new client_secret for " + clientId + " (shown once): " + secret + "\n"
                        + "  old secrets work until: " + dev.rowgate.web.Dates.minute(w.clock().millis() + keep.toMillis()));
                return 0;
            });
        }
    }

    static Map<String, Object> json(App a, String invitationUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("client_id", a.clientId());
        m.put("name", a.name());
        m.put("type", a.type().name().toLowerCase());
        m.put("status", a.status().name().toLowerCase());
        m.put("redirect_uris", a.redirectUris());
        m.put("invitation_url", invitationUrl);
        return m;
    }
}
