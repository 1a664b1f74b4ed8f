package dev.rowgate.cli;

import dev.rowgate.ledger.Ledger;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "ledger", description = "The row ledger.", subcommands = LedgerCommand.Verify.class)
final class LedgerCommand {

    @Command(name = "verify", description = "Check that every usage counter equals the sum of its ledger entries; exit 1 if not.")
    static final class Verify extends BaseCommand {
        @Override
        public Integer call() {
            return withWiring(w -> {
                Ledger.Verification v = w.ledger().verify();
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("clean", v.clean());
                json.put("entries", v.entries());
                json.put("rows", v.rows());
                json.put("mismatches", v.mismatches());
                StringBuilder human = new StringBuilder(v.clean() ? "ledger is clean" : "ledger has " + v.mismatches().size() + " mismatch(es)");
                human.append(": ").append(v.entries()).append(" entries, ").append(v.rows()).append(" rows charged");
                for (var m : v.mismatches()) {
                    human.append("\n  ").append(m.counter()).append(' ').append(m.key()).append(" period ").append(m.periodStart())
                            .append(": counter ").append(m.counterValue()).append(", entries ").append(m.entriesSum());
                }
                print(json, human.toString());
                return v.clean() ? 0 : 1;
            });
        }
    }
}
