package dev.rowgate.ledger;

import dev.rowgate.InvalidInputException;
import dev.rowgate.audit.Actor;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.store.Database;
import dev.rowgate.store.DuplicateKeyException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Creates and edits plans for operators (the CLI and /admin/plans); operator changes are audited. */
public final class Plans {

    private final Database database;
    private final PlanStore plans;
    private final AuditLog audit;
    private final Clock clock;

    public Plans(Database database, PlanStore plans, AuditLog audit, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates a plan as an operator did it, with an audit event. */
    public Plan add(String name, long integrationRows, long apiRows, Plan.Period period, Actor actor) {
        Plan p = add(name, integrationRows, apiRows, period);
        audit.record("plan.create", actor.accountId(), null, actor.ip(), actor.detail(Map.of("plan", p.name(),
                "integration_rows", p.integrationRows(), "api_rows", p.apiRows())));
        return p;
    }

    /**
     * Changes a plan's allowances (null keeps one). The new limits apply at once to every account on the plan,
     * for the current period too: rows already used stay used.
     */
    public Plan update(long id, Long integrationRows, Long apiRows, Actor actor) {
        if (integrationRows != null && integrationRows < 0) throw new InvalidInputException("integration rows: must be 0 or more");
        if (apiRows != null && apiRows < 0) throw new InvalidInputException("API rows: must be 0 or more");
        return database.inTransaction(tx -> {
            Plan old = plans.findById(tx, id).orElseThrow(() -> new InvalidInputException("plan: no plan with id " + id));
            long ir = integrationRows == null ? old.integrationRows() : integrationRows;
            long ar = apiRows == null ? old.apiRows() : apiRows;
            plans.update(tx, id, ir, ar);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("plan", old.name());
            detail.put("integration_rows", old.integrationRows() + " -> " + ir);
            detail.put("api_rows", old.apiRows() + " -> " + ar);
            audit.record(tx, "plan.update", actor.accountId(), null, actor.ip(), actor.detail(detail));
            return plans.findById(tx, id).orElseThrow();
        });
    }

    public Plan update(String name, Long integrationRows, Long apiRows, Actor actor) {
        Plan p = database.read(tx -> plans.findByName(tx, name == null ? "" : name.strip()))
                .orElseThrow(() -> new InvalidInputException("plan: no plan named \"" + name + "\""));
        return update(p.id(), integrationRows, apiRows, actor);
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
