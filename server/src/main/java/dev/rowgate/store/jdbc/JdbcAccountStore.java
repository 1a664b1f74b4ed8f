package dev.rowgate.store.jdbc;

import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.AccountStore;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * AccountStore in SQL that SQLite and PostgreSQL run alike. A status change is announced on PostgreSQL
 * ({@link AccessNotice}): a disabled account's tokens and keys must stop at once on every node.
 */
public final class JdbcAccountStore implements AccountStore {

    private final Dialect dialect;

    public JdbcAccountStore(Dialect dialect) {
        this.dialect = dialect;
    }

    private static final String COLUMNS =
            "id, email, password_hash, role, status, plan_id, plan_started_at, plan_ends_at, created_at";

    @Override
    public long insert(Tx tx, Account.New a) {
        return Jdbc.insert(tx,
                "INSERT INTO accounts (email, password_hash, role, status, plan_id, plan_started_at, created_at) VALUES (?, ?, ?, 'active', ?, ?, ?)",
                Account.normalizeEmail(a.email()), a.passwordHash(), a.role(), a.planId(), a.planStartedAt(), a.createdAt());
    }

    @Override
    public Optional<Account> findById(Tx tx, long id) {
        return Jdbc.one(tx, "SELECT " + COLUMNS + " FROM accounts WHERE id = ?", JdbcAccountStore::map, id);
    }

    @Override
    public Optional<Account> findByEmail(Tx tx, String email) {
        return Jdbc.one(tx, "SELECT " + COLUMNS + " FROM accounts WHERE email = ?", JdbcAccountStore::map, Account.normalizeEmail(email));
    }

    @Override
    public List<Account> list(Tx tx, int limit, int offset) {
        return Jdbc.query(tx, "SELECT " + COLUMNS + " FROM accounts ORDER BY id LIMIT ? OFFSET ?", JdbcAccountStore::map, limit, offset);
    }

    @Override
    public long count(Tx tx) {
        return Jdbc.count(tx, "SELECT count(*) FROM accounts");
    }

    @Override
    public boolean setPlan(Tx tx, long accountId, Long planId, Long startedAt, Long endsAt) {
        return Jdbc.update(tx, "UPDATE accounts SET plan_id = ?, plan_started_at = ?, plan_ends_at = ? WHERE id = ?",
                planId, startedAt, endsAt, accountId) == 1;
    }

    @Override
    public boolean setStatus(Tx tx, long accountId, Account.Status status) {
        boolean done = Jdbc.update(tx, "UPDATE accounts SET status = ? WHERE id = ?", status, accountId) == 1;
        if (done) AccessNotice.send(tx, dialect);
        return done;
    }

    @Override
    public List<Account> search(Tx tx, String emailPart, int limit, int offset) {
        String escaped = Account.normalizeEmail(emailPart).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return Jdbc.query(tx, "SELECT " + COLUMNS + " FROM accounts WHERE email LIKE ? ESCAPE '\\' ORDER BY email LIMIT ? OFFSET ?",
                JdbcAccountStore::map, "%" + escaped + "%", limit, offset);
    }

    private static Account map(ResultSet rs) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("email"), rs.getString("password_hash"),
                Account.Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)),
                Account.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                Jdbc.nullableLong(rs, "plan_id"), Jdbc.nullableLong(rs, "plan_started_at"), Jdbc.nullableLong(rs, "plan_ends_at"),
                rs.getLong("created_at"));
    }
}
