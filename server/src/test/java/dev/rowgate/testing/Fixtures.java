package dev.rowgate.testing;

import dev.rowgate.accounts.Account;
import dev.rowgate.apps.App;
import dev.rowgate.ledger.Plan;
import dev.rowgate.store.Database;
import dev.rowgate.store.Stores;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Rows for store tests, inserted straight through the stores (Spring AS TestRegisteredClients style). */
public final class Fixtures {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private final Database db;
    private final Stores stores;

    public Fixtures(Database db, Stores stores) {
        this.db = db;
        this.stores = stores;
    }

    public static int next() {
        return SEQ.incrementAndGet();
    }

    public long plan() {
        return db.inTransaction(tx -> stores.plans().insert(tx, new Plan.New("plan-" + next(), 1000, 100, Plan.Period.MONTHLY, 1L)));
    }

    public long account() {
        return db.inTransaction(tx -> stores.accounts().insert(tx,
                new Account.New("user" + next() + "@example.com", "$argon2id$test", Account.Role.USER, null, null, 1L)));
    }

    public long app(App.Type type, String... redirectUris) {
        return db.inTransaction(tx -> stores.apps().insert(tx, new App.New("app-" + next(), "App " + SEQ.get(), "", type, null,
                App.Status.APPROVED, null, null, List.of(redirectUris.length == 0 ? new String[] {"https://client.example/cb"} : redirectUris), 1L)));
    }

    public long grant(long accountId, long appId) {
        return db.inTransaction(tx -> stores.grants().insert(tx, accountId, appId, "api", null, 1L));
    }
}
