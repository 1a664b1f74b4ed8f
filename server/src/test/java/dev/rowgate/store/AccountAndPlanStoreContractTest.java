package dev.rowgate.store;

import dev.rowgate.store.Tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rowgate.accounts.Account;
import dev.rowgate.ledger.Plan;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import org.junit.jupiter.api.Test;

class AccountAndPlanStoreContractTest extends BothDatabases {

    @Test
    void insertThenFindByEmailIgnoresCaseAndKeepsEveryField() {
        long planId = db().inTransaction((Tx tx) -> stores().plans().insert(tx, new Plan.New("Pro-" + Fixtures.next(), 5000, 700, Plan.Period.MONTHLY, 10L)));
        String email = "Alice" + Fixtures.next() + "@Example.COM";
        long id = db().inTransaction((Tx tx) -> stores().accounts().insert(tx,
                new Account.New(email, "$argon2id$hash", Account.Role.ADMIN, planId, 1234L, 99L)));

        Account a = db().read((Tx tx) -> stores().accounts().findByEmail(tx, email.toUpperCase())).orElseThrow();

        assertThat(a.id()).isEqualTo(id);
        assertThat(a.email()).isEqualTo(email.toLowerCase());
        assertThat(a.passwordHash()).isEqualTo("$argon2id$hash");
        assertThat(a.role()).isEqualTo(Account.Role.ADMIN);
        assertThat(a.status()).isEqualTo(Account.Status.ACTIVE);
        assertThat(a.planId()).isEqualTo(planId);
        assertThat(a.planStartedAt()).isEqualTo(1234L);
        assertThat(a.planEndsAt()).isNull();
        assertThat(a.createdAt()).isEqualTo(99L);
        assertThat(db().read((Tx tx) -> stores().accounts().findById(tx, id))).contains(a);
    }

    @Test
    void insertWhenEmailTakenThenDuplicateKeyAndNothingWritten() {
        String email = "dup" + Fixtures.next() + "@example.com";
        db().inTransaction((Tx tx) -> stores().accounts().insert(tx, new Account.New(email, "h", Account.Role.USER, null, null, 1L)));
        long before = db().read((Tx tx) -> stores().accounts().count(tx));

        assertThatThrownBy(() -> db().inTransaction((Tx tx) -> stores().accounts().insert(tx,
                new Account.New(email.toUpperCase(), "h2", Account.Role.USER, null, null, 2L))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(db().read((Tx tx) -> stores().accounts().count(tx))).isEqualTo(before);
    }

    @Test
    void setPlanAndStatusChangeOnlyThatAccount() {
        Fixtures f = new Fixtures(db(), stores());
        long a = f.account();
        long b = f.account();
        long plan = f.plan();

        assertThat(db().inTransaction((Tx tx) -> stores().accounts().setPlan(tx, a, plan, 500L, 900L))).isTrue();
        assertThat(db().inTransaction((Tx tx) -> stores().accounts().setStatus(tx, a, Account.Status.DISABLED))).isTrue();
        assertThat(db().inTransaction((Tx tx) -> stores().accounts().setPlan(tx, 987654321L, plan, 1L, null))).isFalse();

        Account changed = db().read((Tx tx) -> stores().accounts().findById(tx, a)).orElseThrow();
        Account untouched = db().read((Tx tx) -> stores().accounts().findById(tx, b)).orElseThrow();
        assertThat(changed.planId()).isEqualTo(plan);
        assertThat(changed.planStartedAt()).isEqualTo(500L);
        assertThat(changed.planEndsAt()).isEqualTo(900L);
        assertThat(changed.status()).isEqualTo(Account.Status.DISABLED);
        assertThat(untouched.planId()).isNull();
        assertThat(untouched.status()).isEqualTo(Account.Status.ACTIVE);
    }

    @Test
    void listPagesInIdOrder() {
        Fixtures f = new Fixtures(db(), stores());
        long first = f.account();
        long second = f.account();
        var all = db().read((Tx tx) -> stores().accounts().list(tx, 1000, 0));
        assertThat(all).extracting(Account::id).containsSubsequence(first, second).isSorted();
        assertThat(db().read((Tx tx) -> stores().accounts().list(tx, 1, 0))).hasSize(1);
    }

    @Test
    void plansInsertFindListUpdate() {
        String name = "Team " + Fixtures.next();
        long id = db().inTransaction((Tx tx) -> stores().plans().insert(tx, new Plan.New(name, 0, 25_000, Plan.Period.MONTHLY, 7L)));

        Plan p = db().read((Tx tx) -> stores().plans().findByName(tx, name)).orElseThrow();
        assertThat(p).isEqualTo(new Plan(id, name, 0, 25_000, Plan.Period.MONTHLY, 7L));
        assertThat(db().read((Tx tx) -> stores().plans().list(tx))).contains(p);

        assertThat(db().inTransaction((Tx tx) -> stores().plans().update(tx, id, 10, 20))).isTrue();
        assertThat(db().read((Tx tx) -> stores().plans().findById(tx, id))).get()
                .extracting(Plan::integrationRows, Plan::apiRows).containsExactly(10L, 20L);
        assertThatThrownBy(() -> db().inTransaction((Tx tx) -> stores().plans().insert(tx, new Plan.New(name, 1, 1, Plan.Period.MONTHLY, 8L))))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void negativeAllowanceIsRefusedByTheSchemaToo() {
        assertThatThrownBy(() -> db().inTransaction((Tx tx) -> Jdbc.update(tx,
                "INSERT INTO plans (name, integration_rows, api_rows, period, created_at) VALUES ('neg', -1, 0, 'monthly', 1)")))
                .isInstanceOf(StoreException.class);
    }
}
