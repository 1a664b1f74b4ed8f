package dev.rowgate.store.jdbc;

import dev.rowgate.ledger.Plan;
import dev.rowgate.ledger.PlanStore;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** PlanStore in SQL that SQLite and PostgreSQL run alike. */
public final class JdbcPlanStore implements PlanStore {

    private static final String COLUMNS = "id, name, integration_rows, api_rows, period, created_at";

    @Override
    public long insert(Tx tx, Plan.New p) {
        return Jdbc.insert(tx, "INSERT INTO plans (name, integration_rows, api_rows, period, created_at) VALUES (?, ?, ?, ?, ?)",
                p.name(), p.integrationRows(), p.apiRows(), p.period(), p.createdAt());
    }

    @Override
    public Optional<Plan> findById(Tx tx, long id) {
        return Jdbc.one(tx, "SELECT " + COLUMNS + " FROM plans WHERE id = ?", JdbcPlanStore::map, id);
    }

    @Override
    public Optional<Plan> findByName(Tx tx, String name) {
        return Jdbc.one(tx, "SELECT " + COLUMNS + " FROM plans WHERE name = ?", JdbcPlanStore::map, name);
    }

    @Override
    public List<Plan> list(Tx tx) {
        return Jdbc.query(tx, "SELECT " + COLUMNS + " FROM plans ORDER BY id", JdbcPlanStore::map);
    }

    @Override
    public boolean update(Tx tx, long id, long integrationRows, long apiRows) {
        return Jdbc.update(tx, "UPDATE plans SET integration_rows = ?, api_rows = ? WHERE id = ?", integrationRows, apiRows, id) == 1;
    }

    private static Plan map(ResultSet rs) throws SQLException {
        return new Plan(rs.getLong("id"), rs.getString("name"), rs.getLong("integration_rows"), rs.getLong("api_rows"),
                Plan.Period.valueOf(rs.getString("period").toUpperCase(Locale.ROOT)), rs.getLong("created_at"));
    }
}
