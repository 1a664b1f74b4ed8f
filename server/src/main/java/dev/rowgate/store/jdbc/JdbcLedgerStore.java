package dev.rowgate.store.jdbc;

import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.ledger.Allowance;
import dev.rowgate.ledger.ChargeRequest;
import dev.rowgate.ledger.Ledger;
import dev.rowgate.ledger.LedgerStore;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * LedgerStore in SQL that SQLite (3.35+) and PostgreSQL run alike. The increments are single conditional UPDATEs:
 * on PostgreSQL concurrent ones queue on the row lock and each re-checks the condition against the committed total
 * (READ COMMITTED re-evaluates the WHERE clause on the newest row version); on SQLite writes are serialized anyway.
 */
public final class JdbcLedgerStore implements LedgerStore {

    private final Dialect dialect;

    public JdbcLedgerStore(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public String expiringName() {
        return "ledger_replay_answers";
    }

    /**
     * Clears the replay answers of entries made before {@code cutoff} minus the 24-hour window, through the partial
     * index {@code ledger_entries_replay} (migration V7). A replay looks only at the last 24 hours
     * ({@link #findByIdempotencyKey}), so no replay can need them any more.
     */
    @Override
    public int deleteExpired(Tx tx, long cutoff, int limit) {
        return ExpiredRows.clear(tx, dialect, "ledger_entries", "replay_body = NULL", "replay_body IS NOT NULL AND created_at < ?",
                cutoff - Ledger.IDEMPOTENCY_WINDOW.toMillis(), limit);
    }

    @Override
    public Optional<Previous> findByIdempotencyKey(Tx tx, long accountId, String idempotencyKey, long since) {
        return Jdbc.one(tx, "SELECT row_count, replay_body FROM ledger_entries WHERE account_id = ? AND idempotency_key = ? AND created_at >= ?",
                rs -> new Previous(rs.getLong(1), rs.getBytes(2)), accountId, idempotencyKey, since);
    }

    @Override
    public void releaseIdempotencyKey(Tx tx, long accountId, String idempotencyKey, long before) {
        Jdbc.update(tx, "UPDATE ledger_entries SET idempotency_key = NULL, replay_body = NULL WHERE account_id = ? AND idempotency_key = ? AND created_at < ?",
                accountId, idempotencyKey, before);
    }

    @Override
    public void openCounters(Tx tx, long accountId, Allowance allowance, Long grantId, long periodStart) {
        Jdbc.update(tx, "INSERT INTO allowance_usage (account_id, allowance, period_start, used) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING",
                accountId, allowance, periodStart);
        if (grantId != null) {
            Jdbc.update(tx, "INSERT INTO grant_usage (grant_id, period_start, used) VALUES (?, ?, 0) ON CONFLICT DO NOTHING", grantId, periodStart);
        }
    }

    @Override
    public long addAllowanceUsage(Tx tx, long accountId, Allowance allowance, long periodStart, long rows, long limit) {
        // RETURNING (SQLite 3.35+, PostgreSQL): the new total comes with the increment, not from a read after it while
        // the row is locked (on PostgreSQL every charge of the account waits for that lock).
        return Jdbc.query(tx, "UPDATE allowance_usage SET used = used + ? WHERE account_id = ? AND allowance = ? AND period_start = ? AND used + ? <= ? RETURNING used",
                rs -> rs.getLong(1), rows, accountId, allowance, periodStart, rows, limit).stream().findFirst().orElse(REFUSED);
    }

    @Override
    public long addGrantUsage(Tx tx, long grantId, long periodStart, long rows, Long cap) {
        if (cap == null) {
            return Jdbc.query(tx, "UPDATE grant_usage SET used = used + ? WHERE grant_id = ? AND period_start = ? RETURNING used",
                    rs -> rs.getLong(1), rows, grantId, periodStart).stream().findFirst().orElse(REFUSED);
        }
        return Jdbc.query(tx, "UPDATE grant_usage SET used = used + ? WHERE grant_id = ? AND period_start = ? AND used + ? <= ? RETURNING used",
                rs -> rs.getLong(1), rows, grantId, periodStart, rows, cap).stream().findFirst().orElse(REFUSED);
    }

    @Override
    public long allowanceUsed(Tx tx, long accountId, Allowance allowance, long periodStart) {
        return Jdbc.count(tx, "SELECT COALESCE(SUM(used), 0) FROM allowance_usage WHERE account_id = ? AND allowance = ? AND period_start = ?",
                accountId, allowance, periodStart);
    }

    @Override
    public long grantUsed(Tx tx, long grantId, long periodStart) {
        return Jdbc.count(tx, "SELECT COALESCE(SUM(used), 0) FROM grant_usage WHERE grant_id = ? AND period_start = ?", grantId, periodStart);
    }

    @Override
    public long insertEntry(Tx tx, ChargeRequest c, long periodStart, long now) {
        Long grantId = c.via() instanceof ChargeRequest.Via.App app ? app.grantId() : null;
        Long keyId = c.via() instanceof ChargeRequest.Via.Key key ? key.apiKeyId() : null;
        return Jdbc.insert(tx, "INSERT INTO ledger_entries (account_id, allowance, grant_id, api_key_id, request_id, idempotency_key, row_count, "
                        + "period_start, created_at, replay_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.accountId(), c.via().allowance(), grantId, keyId, c.requestId(), c.idempotencyKey(), c.rows(), periodStart, now, c.replayBody());
    }

    @Override
    public List<Mismatch> mismatches(Tx tx) {
        List<Mismatch> out = new ArrayList<>();
        out.addAll(Jdbc.query(tx, """
                SELECT u.account_id, u.allowance, u.period_start, u.used, COALESCE(e.total, 0)
                FROM allowance_usage u
                LEFT JOIN (SELECT account_id, allowance, period_start, SUM(row_count) AS total FROM ledger_entries
                           GROUP BY account_id, allowance, period_start) e
                  ON e.account_id = u.account_id AND e.allowance = u.allowance AND e.period_start = u.period_start
                WHERE u.used <> COALESCE(e.total, 0)""",
                rs -> new Mismatch("allowance_usage", rs.getLong(1) + "/" + rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))));
        out.addAll(Jdbc.query(tx, """
                SELECT e.account_id, e.allowance, e.period_start, 0, e.total
                FROM (SELECT account_id, allowance, period_start, SUM(row_count) AS total FROM ledger_entries
                      GROUP BY account_id, allowance, period_start) e
                LEFT JOIN allowance_usage u
                  ON e.account_id = u.account_id AND e.allowance = u.allowance AND e.period_start = u.period_start
                WHERE u.account_id IS NULL AND e.total <> 0""",
                rs -> new Mismatch("allowance_usage", rs.getLong(1) + "/" + rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))));
        out.addAll(Jdbc.query(tx, """
                SELECT g.grant_id, g.period_start, g.used, COALESCE(e.total, 0)
                FROM grant_usage g
                LEFT JOIN (SELECT grant_id, period_start, SUM(row_count) AS total FROM ledger_entries WHERE grant_id IS NOT NULL
                           GROUP BY grant_id, period_start) e
                  ON e.grant_id = g.grant_id AND e.period_start = g.period_start
                WHERE g.used <> COALESCE(e.total, 0)""",
                rs -> new Mismatch("grant_usage", Long.toString(rs.getLong(1)), rs.getLong(2), rs.getLong(3), rs.getLong(4))));
        out.addAll(Jdbc.query(tx, """
                SELECT e.grant_id, e.period_start, 0, e.total
                FROM (SELECT grant_id, period_start, SUM(row_count) AS total FROM ledger_entries WHERE grant_id IS NOT NULL
                      GROUP BY grant_id, period_start) e
                LEFT JOIN grant_usage g ON e.grant_id = g.grant_id AND e.period_start = g.period_start
                WHERE g.grant_id IS NULL AND e.total <> 0""",
                rs -> new Mismatch("grant_usage", Long.toString(rs.getLong(1)), rs.getLong(2), rs.getLong(3), rs.getLong(4))));
        return out;
    }

    @Override
    public long entryCount(Tx tx) {
        return Jdbc.count(tx, "SELECT count(*) FROM ledger_entries");
    }

    @Override
    public long entryRowsSum(Tx tx) {
        return Jdbc.count(tx, "SELECT COALESCE(SUM(row_count), 0) FROM ledger_entries");
    }

    // Days are UTC epoch days: integer division of epoch ms, the same in SQLite and PostgreSQL (BIGINT / BIGINT).
    @Override
    public List<DailyRows> dailyRowsOfGrants(Tx tx, long accountId, long since) {
        return Jdbc.query(tx, "SELECT grant_id, created_at / 86400000 AS day, SUM(row_count) FROM ledger_entries "
                        + "WHERE account_id = ? AND grant_id IS NOT NULL AND created_at >= ? GROUP BY grant_id, created_at / 86400000 ORDER BY 1, 2",
                rs -> new DailyRows(rs.getLong(1), rs.getLong(2), rs.getLong(3)), accountId, since);
    }

    @Override
    public List<DailyRows> dailyRowsOfApp(Tx tx, long appId, long since) {
        return Jdbc.query(tx, "SELECT e.created_at / 86400000 AS day, SUM(e.row_count) FROM ledger_entries e "
                        + "JOIN grants g ON g.id = e.grant_id WHERE g.app_id = ? AND e.created_at >= ? GROUP BY e.created_at / 86400000 ORDER BY 1",
                rs -> new DailyRows(0, rs.getLong(1), rs.getLong(2)), appId, since);
    }

    @Override
    public java.util.Map<Long, Long> lastChargeOfGrants(Tx tx, long accountId) {
        java.util.Map<Long, Long> last = new java.util.HashMap<>();
        for (long[] row : Jdbc.query(tx, "SELECT grant_id, MAX(created_at) FROM ledger_entries WHERE account_id = ? AND grant_id IS NOT NULL GROUP BY grant_id",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}, accountId)) {
            last.put(row[0], row[1]);
        }
        return last;
    }
}
