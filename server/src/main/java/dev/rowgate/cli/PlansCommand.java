package dev.rowgate.cli;

import dev.rowgate.InvalidInputException;
import dev.rowgate.audit.Actor;
import dev.rowgate.ledger.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plans", description = "Manage plans (allowances of integration rows and API rows per period).",
        subcommands = {PlansCommand.Add.class, PlansCommand.ListPlans.class, PlansCommand.Edit.class})
final class PlansCommand {

    @Command(name = "edit", description = "Change a plan's allowances; they apply at once to every account on it, this period included.")
    static final class Edit extends BaseCommand {
        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--integration-rows", description = "Rows per period for the apps a user authorized.")
        Long integrationRows;

        @Option(names = "--api-rows", description = "Rows per period for the user's own API keys.")
        Long apiRows;

        @Override
        public Integer call() {
            if (integrationRows == null && apiRows == null) throw new InvalidInputException("plans edit: give --integration-rows and/or --api-rows");
            return withWiring(w -> {
                Plan p = w.plans().update(name, integrationRows, apiRows, Actor.CLI);
                print(json(p), "plan \"" + p.name() + "\": " + p.integrationRows() + " integration rows, " + p.apiRows() + " API rows, monthly");
                return 0;
            });
        }
    }

    @Command(name = "add", description = "Create a plan.")
    static final class Add extends BaseCommand {
        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--integration-rows", required = true, description = "Rows per period for the apps a user authorized.")
        long integrationRows;

        @Option(names = "--api-rows", required = true, description = "Rows per period for the user's own API keys.")
        long apiRows;

        @Option(names = "--period", defaultValue = "monthly", description = "Billing period: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
        Period period;

        enum Period { monthly }

        @Override
        public Integer call() {
            return withWiring(w -> {
                Plan p = w.plans().add(name, integrationRows, apiRows, Plan.Period.MONTHLY);
                print(json(p), "created plan \"" + p.name() + "\" (id " + p.id() + "): " + p.integrationRows()
                        + " integration rows, " + p.apiRows() + " API rows, monthly");
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List plans.")
    static final class ListPlans extends BaseCommand {
        @Override
        public Integer call() {
            return withWiring(w -> {
                List<Plan> plans = w.database().read(tx -> w.stores().plans().list(tx));
                StringBuilder human = new StringBuilder();
                for (Plan p : plans) {
                    human.append(String.format("%-6d %-30s %12d integration %12d API  %s%n", p.id(), p.name(), p.integrationRows(),
                            p.apiRows(), p.period().name().toLowerCase()));
                }
                print(plans.stream().map(PlansCommand::json).toList(), human.toString().stripTrailing());
                return 0;
            });
        }
    }

    static Map<String, Object> json(Plan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("integration_rows", p.integrationRows());
        m.put("api_rows", p.apiRows());
        m.put("period", p.period().name().toLowerCase());
        return m;
    }
}
