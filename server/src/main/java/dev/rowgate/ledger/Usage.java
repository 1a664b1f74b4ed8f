package dev.rowgate.ledger;

import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows spent per day, read from the ledger entries (the truth, rows.md) for the account and developer pages: per
 * grant for a user's connected apps, per app across all its users for its developer. Days are UTC.
 */
public final class Usage {

    /** Rows per day over a window of consecutive UTC days, oldest first, days without charges at zero. */
    public record Daily(LocalDate firstDay, List<Long> rows) {
        public long total() {
            return rows.stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Database database;
    private final LedgerStore store;
    private final Clock clock;

    public Usage(Database database, LedgerStore store, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private long firstDay(int days) {
        return Math.floorDiv(clock.millis(), 86_400_000L) - (days - 1);
    }

    /** For each of the account's grants with charges in the window, its daily rows. */
    public Map<Long, Daily> byGrant(long accountId, int days) {
        long first = firstDay(days);
        List<LedgerStore.DailyRows> rows = database.read((Tx tx) -> store.dailyRowsOfGrants(tx, accountId, first * 86_400_000L));
        Map<Long, long[]> perGrant = new HashMap<>();
        for (LedgerStore.DailyRows r : rows) {
            if (r.day() - first < days) perGrant.computeIfAbsent(r.grantId(), g -> new long[days])[(int) (r.day() - first)] += r.rows();
        }
        Map<Long, Daily> result = new HashMap<>();
        perGrant.forEach((grant, series) -> result.put(grant, daily(first, series)));
        return result;
    }

    /** An app's daily rows across all its users. */
    public Daily byApp(long appId, int days) {
        long first = firstDay(days);
        long[] series = new long[days];
        for (LedgerStore.DailyRows r : database.read((Tx tx) -> store.dailyRowsOfApp(tx, appId, first * 86_400_000L))) {
            if (r.day() - first < days) series[(int) (r.day() - first)] += r.rows();
        }
        return daily(first, series);
    }

    public Map<Long, Long> lastChargeOfGrants(long accountId) {
        return database.read((Tx tx) -> store.lastChargeOfGrants(tx, accountId));
    }

    public static Daily empty(long nowMillis, int days) {
        return daily(Math.floorDiv(nowMillis, 86_400_000L) - (days - 1), new long[days]);
    }

    private static Daily daily(long firstEpochDay, long[] series) {
        List<Long> list = new ArrayList<>(series.length);
        for (long v : series) list.add(v);
        return new Daily(LocalDate.ofEpochDay(firstEpochDay), List.copyOf(list));
    }
}
