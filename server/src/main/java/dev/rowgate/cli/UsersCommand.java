package dev.rowgate.cli;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.Account;
import dev.rowgate.audit.Actor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "users", description = "Manage user accounts.", subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class,
        UsersCommand.Disable.class, UsersCommand.Enable.class, UsersCommand.SetPlan.class})
final class UsersCommand {

    private static String planName(dev.rowgate.Wiring w, Account a) {
        return a.planId() == null ? null : w.database().read(tx -> w.stores().plans().findById(tx, a.planId())).map(p -> p.name()).orElse(null);
    }

    @Command(name = "disable", description = "Disable an account: signed out, its tokens and keys stop at once (not revoked).")
    static final class Disable extends BaseCommand {
        @Option(names = "--email", required = true)
        String email;

        @Override
        public Integer call() {
            return withWiring(w -> {
                Account a = w.accountAdministration().setStatus(w.accountAdministration().find(email).id(), Account.Status.DISABLED, Actor.CLI);
                print(json(a, planName(w, a)), "disabled " + a.email());
                return 0;
            });
        }
    }

    @Command(name = "enable", description = "Enable a disabled account: its tokens and keys work again.")
    static final class Enable extends BaseCommand {
        @Option(names = "--email", required = true)
        String email;

        @Override
        public Integer call() {
            return withWiring(w -> {
                Account a = w.accountAdministration().setStatus(w.accountAdministration().find(email).id(), Account.Status.ACTIVE, Actor.CLI);
                print(json(a, planName(w, a)), "enabled " + a.email());
                return 0;
            });
        }
    }

    @Command(name = "set-plan", description = "Move an account to another plan (the billing period and its usage carry over).")
    static final class SetPlan extends BaseCommand {
        @Option(names = "--email", required = true)
        String email;

        @Option(names = "--plan", description = "Plan name.")
        String plan;

        @Option(names = "--no-plan", description = "No plan (\"No Subscription\").")
        boolean noPlan;

        @Override
        public Integer call() {
            if ((plan == null) == !noPlan) throw new InvalidInputException("plan: give --plan NAME or --no-plan");
            return withWiring(w -> {
                Account a = w.accountAdministration().setPlan(w.accountAdministration().find(email).id(), plan, Actor.CLI);
                print(json(a, planName(w, a)), a.email() + " is now on " + (plan == null ? "no plan (No Subscription)" : "plan " + plan));
                return 0;
            });
        }
    }

    @Command(name = "add", description = "Create an account (password hashed with Argon2id).")
    static final class Add extends BaseCommand {
        @Option(names = "--email", required = true)
        String email;

        @Option(names = "--password", description = "The password (or use --password-stdin, which keeps it out of the process list).")
        String password;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Option(names = "--plan", description = "Plan name (default: none, \"No Subscription\").")
        String plan;

        @Option(names = "--admin", description = "Make the account an operator (access to /admin).")
        boolean admin;

        @Override
        public Integer call() throws IOException {
            String pw = passwordStdin ? readLine() : password;
            if (pw == null) throw new InvalidInputException("password: give --password or --password-stdin");
            return withWiring(w -> {
                Account a = w.accountRegistration().create(email, pw, admin ? Account.Role.ADMIN : Account.Role.USER, plan);
                print(json(a, plan), "created " + a.role().name().toLowerCase() + " " + a.email() + " (id " + a.id() + ")"
                        + (plan == null ? "" : " on plan " + plan));
                return 0;
            });
        }

        private static String readLine() throws IOException {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) throw new InvalidInputException("password: standard input was empty");
            return line;
        }
    }

    @Command(name = "list", description = "List accounts.")
    static final class ListUsers extends BaseCommand {
        @Override
        public Integer call() {
            return withWiring(w -> {
                List<Account> accounts = w.database().read(tx -> w.stores().accounts().list(tx, 10_000, 0));
                List<Map<String, Object>> rows = new ArrayList<>();
                StringBuilder human = new StringBuilder();
                for (Account a : accounts) {
                    String plan = a.planId() == null ? null
                            : w.database().read(tx -> w.stores().plans().findById(tx, a.planId())).map(p -> p.name()).orElse(null);
                    rows.add(json(a, plan));
                    human.append(String.format("%-6d %-40s %-6s %-9s %s%n", a.id(), a.email(), a.role().name().toLowerCase(),
                            a.status().name().toLowerCase(), plan == null ? "-" : plan));
                }
                print(rows, human.toString().stripTrailing());
                return 0;
            });
        }
    }

    static Map<String, Object> json(Account a, String planName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("email", a.email());
        m.put("role", a.role().name().toLowerCase());
        m.put("status", a.status().name().toLowerCase());
        m.put("plan", planName);
        return m;
    }
}
