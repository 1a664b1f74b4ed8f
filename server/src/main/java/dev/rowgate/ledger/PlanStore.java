package dev.rowgate.ledger;

import dev.rowgate.store.Tx;
import java.util.List;
import java.util.Optional;

/** Plans. insert throws DuplicateKeyException for a taken name. */
public interface PlanStore {
    long insert(Tx tx, Plan.New plan);

    Optional<Plan> findById(Tx tx, long id);

    Optional<Plan> findByName(Tx tx, String name);

    List<Plan> list(Tx tx);

    boolean update(Tx tx, long id, long integrationRows, long apiRows);
}
