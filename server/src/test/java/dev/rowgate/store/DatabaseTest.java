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
        assertThat(db().schemaVersion()).isEqualTo(dev.rowgate.testing.TestDb.latestMigration(dialect));

        try (Database again = Database.open(testDb.url(), 0, null)) {
            again.migrate();
            assertThat(again.read((Tx tx) -> stores().accounts().findById(tx, account))).isPresent();
        }
    }

    /** V6 copies each link's target domain onto the link: links loaded before it get theirs from their pages. */
    @Test
    void linksLoadedBeforeV6GetTheirTargetDomain() {
        try (dev.rowgate.testing.TestDb old = dev.rowgate.testing.TestDb.create(dialect)) {
            DatabaseUrl url = old.url();
            org.flywaydb.core.Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                    .locations("classpath:db/migration/" + dialect.name().toLowerCase(java.util.Locale.ROOT)).target("5").load().migrate();
            try (Database v5 = Database.open(url, 0, null)) {
                v5.inTransaction((Tx tx) -> {
                    Jdbc.update(tx, "INSERT INTO domains (id, name) VALUES (1, 'a.example'), (2, 'b.example')");
                    Jdbc.update(tx, "INSERT INTO pages (id, url, host, domain_id) VALUES (1, 'https://a.example/', 'a.example', 1),"
                            + " (2, 'https://www.b.example/x', 'www.b.example', 2)");
                    return Jdbc.update(tx, "INSERT INTO links (id, from_page_id, to_page_id) VALUES (1, 1, 2), (2, 2, 1), (3, 2, 2)");
                });
                v5.migrate();
                assertThat(v5.read((Tx tx) -> Jdbc.query(tx, "SELECT to_domain_id FROM links ORDER BY id", rs -> rs.getLong(1))))
                        .containsExactly(2L, 1L, 2L);
            }
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
