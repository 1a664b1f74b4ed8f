package dev.rowgate.cli;

import dev.rowgate.InvalidInputException;
import dev.rowgate.Wiring;
import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.ApiKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keys", description = "Personal API keys (direct API access, spending the user's API rows).",
        subcommands = {KeysCommand.Add.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {

    static Account account(Wiring w, String email) {
        return w.database().read(tx -> w.stores().accounts().findByEmail(tx, email))
                .orElseThrow(() -> new InvalidInputException("user: no account with email " + email));
    }

    @Command(name = "add", description = "Create a key; prints it once (only its hash is stored).")
    static final class Add extends BaseCommand {
        @Option(names = "--email", required = true)
        String email;

        @Option(names = "--name", required = true)
        String name;

        @Override
        public Integer call() {
            return withWiring(w -> {
                var created = w.apiKeys().create(account(w, email).id(), name);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", created.key().id());
                json.put("name", created.key().name());
                json.put("key", created.secret());
                print(json, "created key " + created.key().id() + " \"" + created.key().name() + "\" for " + email + ": " + created.secret()
                        + "   (shown once; only its hash is stored)");
                return 0;
            });
        }
    }

    @Command(name = "list", description = "A user's keys (never the keys themselves).")
    static final class ListKeys extends BaseCommand {
        @Option(names = "--email", required = true)
        String email;

        @Override
        public Integer call() {
            return withWiring(w -> {
                List<ApiKey> keys = w.database().read(tx -> w.stores().apiKeys().listByAccount(tx, account(w, email).id()));
                StringBuilder human = new StringBuilder();
                for (ApiKey k : keys) {
                    human.append(String.format("%-6d %-30s %s%n", k.id(), k.name(), k.revokedAt() == null ? "active" : "revoked"));
                }
                print(keys.stream().map(k -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", k.id());
                    m.put("name", k.name());
                    m.put("revoked", k.revokedAt() != null);
                    return m;
                }).toList(), keys.isEmpty() ? "no keys" : human.toString().stripTrailing());
                return 0;
            });
        }
    }

    @Command(name = "revoke", description = "Revoke one of a user's keys.")
    static final class Revoke extends BaseCommand {
        @Option(names = "--email", required = true)
        String email;

        @Option(names = "--id", required = true)
        long id;

        @Override
        public Integer call() {
            return withWiring(w -> {
                boolean done = w.apiKeys().revoke(account(w, email).id(), id);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("revoked", done);
                print(json, done ? "revoked key " + id : "no active key " + id + " for " + email);
                return done ? 0 : 2;
            });
        }
    }
}
