package dev.rowgate.cli;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.Account;
import dev.rowgate.grants.ConnectedApps;
import dev.rowgate.grants.Consents;
import dev.rowgate.web.Dates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A user's connected apps, as on their /account page: list them and set a monthly cap (revoke: {@code tokens revoke}). */
@Command(name = "grants", description = "A user's connected apps (grants): list, set the monthly row cap.",
        subcommands = {GrantsCommand.ListGrants.class, GrantsCommand.Cap.class})
final class GrantsCommand {

    @Command(name = "list", description = "The user's connected apps with cap, rows this period and last use.")
    static final class ListGrants extends BaseCommand {
        @Option(names = "--email", required = true)
        String email;

        @Override
        public Integer call() {
            return withWiring(w -> {
                Account account = KeysCommand.account(w, email);
                List<ConnectedApps.ConnectedApp> apps = w.connectedApps().of(account);
                StringBuilder human = new StringBuilder();
                for (ConnectedApps.ConnectedApp c : apps) {
                    human.append(String.format("%-30s cap %-10s rows this period %-10d last used %s%n", c.app().clientId(),
                            c.grant().monthlyCap() == null ? "none" : c.grant().monthlyCap(), c.rowsThisPeriod(),
                            c.lastUsedAt() == null ? "never" : Dates.minute(c.lastUsedAt())));
                }
                print(apps.stream().map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("grant_id", c.grant().id());
                    m.put("client_id", c.app().clientId());
                    m.put("app", c.app().name());
                    m.put("authorized_at", c.grant().createdAt());
                    m.put("monthly_cap", c.grant().monthlyCap());
                    m.put("rows_this_period", c.rowsThisPeriod());
                    m.put("last_used_at", c.lastUsedAt());
                    return m;
                }).toList(), apps.isEmpty() ? "no connected apps" : human.toString().stripTrailing());
                return 0;
            });
        }
    }

    @Command(name = "cap", description = "Set or clear the monthly row cap of the user's grant to an app.")
    static final class Cap extends BaseCommand {
        @Option(names = "--email", required = true)
        String email;

        @Option(names = "--app", required = true, paramLabel = "CLIENT_ID")
        String clientId;

        @Option(names = "--cap", required = true, paramLabel = "ROWS|none")
        String cap;

        @Override
        public Integer call() {
            Long rows = "none".equals(cap) ? null : Consents.parseCap(cap);
            return withWiring(w -> {
                Account account = KeysCommand.account(w, email);
                long appId = w.database().read(tx -> w.stores().apps().findByClientId(tx, clientId))
                        .orElseThrow(() -> new InvalidInputException("app: no app with client_id \"" + clientId + "\"")).id();
                long grantId = w.consents().active(account.id(), appId)
                        .orElseThrow(() -> new InvalidInputException("grant: " + email + " has not authorized " + clientId)).id();
                w.connectedApps().setCap(account, grantId, rows, null);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("grant_id", grantId);
                json.put("monthly_cap", rows);
                print(json, "monthly cap of " + clientId + " for " + email + ": " + (rows == null ? "none" : rows + " rows"));
                return 0;
            });
        }
    }
}
