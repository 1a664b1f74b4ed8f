package dev.rowgate.cli;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.Account;
import dev.rowgate.apps.App;
import dev.rowgate.oauth.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tokens", description = "Manage issued tokens.", subcommands = TokensCommand.Revoke.class)
final class TokensCommand {

    @Command(name = "revoke", description = "Revoke one token, every token of an app, of a user, or of a user's grant to an app.")
    static final class Revoke extends BaseCommand {

        @ArgGroup(exclusive = false, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--token", description = "The token itself (access or refresh).")
            String token;

            @Option(names = "--app", paramLabel = "CLIENT_ID", description = "Every token of this app (with --user: of that user only).")
            String app;

            @Option(names = "--user", paramLabel = "EMAIL", description = "Every token of this user (with --app: for that app only).")
            String user;
        }

        @Override
        public Integer call() {
            if (target.token != null && (target.app != null || target.user != null)) {
                throw new InvalidInputException("--token goes alone; use --app and/or --user for bulk revocation");
            }
            return withWiring(w -> {
                long now = w.clock().millis();
                var stores = w.stores();
                int revoked = w.database().inTransaction(tx -> {
                    if (target.token != null) return stores.tokens().revokeByHash(tx, Secrets.hash(target.token.strip()), now);
                    Long appId = target.app == null ? null : stores.apps().findByClientId(tx, target.app).map(App::id)
                            .orElseThrow(() -> new InvalidInputException("app: no app with client_id \"" + target.app + "\""));
                    Long accountId = target.user == null ? null : stores.accounts().findByEmail(tx, target.user).map(Account::id)
                            .orElseThrow(() -> new InvalidInputException("user: no account with email " + target.user));
                    if (appId != null && accountId != null) {
                        // Revoking the grant itself: the user's consent ends with its tokens.
                        var grant = stores.grants().findActive(tx, accountId, appId);
                        if (grant.isEmpty()) return 0;
                        stores.grants().revoke(tx, grant.get().id(), now);
                        return stores.tokens().revokeByGrant(tx, grant.get().id(), now);
                    }
                    return appId != null ? stores.tokens().revokeByApp(tx, appId, now) : stores.tokens().revokeByAccount(tx, accountId, now);
                });
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("revoked", revoked);
                print(json, "revoked " + revoked + " token(s)");
                return 0;
            });
        }
    }
}
