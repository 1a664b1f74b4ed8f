package dev.rowgate.ledger;

import dev.rowgate.InvalidInputException;
import dev.rowgate.store.Database;
import dev.rowgate.store.DuplicateKeyException;
import java.time.Clock;
import java.util.Objects;

/** Creates and edits plans for operators (CLI now, /admin later). */
public final class Plans {

    private final Database database;
    private final PlanStore plans;
    private final Clock clock;

    public Plans(Database database, PlanStore plans, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Plan add(String name, long integrationRows, long apiRows, Plan.Period period) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100) throw new InvalidInputException("name: must be 1 to 100 characters");
        if (integrationRows < 0) throw new InvalidInputException("integration rows: must be 0 or more");
        if (apiRows < 0) throw new InvalidInputException("API rows: must be 0 or more");
        return database.inTransaction(tx -> {
            long id;
            try {
                id = plans.insert(tx, new Plan.New(n, integrationRows, apiRows, period, clock.millis()));
            } catch (DuplicateKeyException e) {
                throw new InvalidInputException("name: a plan named \"" + n + "\" exists already");
            }
            return plans.findById(tx, id).orElseThrow();
        });
    }
}
