package dev.rowgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import org.junit.jupiter.api.Test;

class DatabaseTest extends BothDatabases {

    @Test
    void migrateTwiceIsHarmlessAndReopeningKeepsData() {
        long account = new Fixtures(db(), stores()).account();
        db().migrate();
        assertThat(db().schemaVersion()).isEqualTo("5");

        try (Database again = Database.open(testDb.url(), 0, null)) {
            again.migrate();
            assertThat(again.read((Tx tx) -> stores().accounts().findById(tx, account))).isPresent();
        }
    }

    @Test
    void failedTransactionRollsBackEverything() {
        long before = db().read((Tx tx) -> stores().accounts().count(tx));
        assertThatThrownBy(() -> db().inTransaction((Tx tx) -> {
            stores().accounts().insert(tx, new dev.rowgate.accounts.Account.New("rollback" + Fixtures.next() + "@example.com", "h",
                    dev.rowgate.accounts.Account.Role.USER, null, null, 1L));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(db().read((Tx tx) -> stores().accounts().count(tx))).isEqualTo(before);
    }

    @Test
    void nestedWriteTransactionFailsAtOnceInsteadOfWaitingOnItself() {
        assertThatThrownBy(() -> db().inTransaction((Tx outer) -> db().inTransaction((Tx inner) -> 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pass the Tx instead");
        assertThat(db().inTransaction((Tx tx) -> 2)).isEqualTo(2); // the flag is cleared after the failure
    }

    @Test
    void unreachableDatabaseFailsFastWithOneLine() {
        DatabaseUrl url = dialect == DatabaseUrl.Dialect.POSTGRES
                ? DatabaseUrl.parse("postgresql://postgres@127.0.0.1:1/nowhere")
                : DatabaseUrl.parse("sqlite:/proc/rowgate-cannot-write-here/x.db");
        assertThatThrownBy(() -> Database.open(url, 0, null))
                .isInstanceOf(DatabaseUnavailableException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("database: cannot ").doesNotContain("\n"));
    }
}
