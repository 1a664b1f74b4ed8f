package dev.rowgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import java.util.List;
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

    /**
     * SQLite's writer runs the transactions waiting for it as one group with one commit: each one's failure rolls back
     * its own work only (a unique violation caught inside it leaves the rest of it: SQLite undoes the one statement),
     * and each caller sees its work committed when it returns. On PostgreSQL the same holds of plain concurrent
     * transactions (without the caught violation, which aborts a PostgreSQL transaction).
     */
    @Test
    void concurrentTransactionsCommitTogetherAndAFailureRollsBackOnlyItsOwn() throws Exception {
        String run = "group" + Fixtures.next();
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.function.IntFunction<String> email = i -> run + "-" + i + "@example.com";
        java.util.function.BiFunction<Tx, String, Long> insert = (tx, address) -> stores().accounts().insert(tx,
                new dev.rowgate.accounts.Account.New(address, "h", dev.rowgate.accounts.Account.Role.USER, null, null, 1L));
        int others = 40;
        boolean sqlite = dialect == DatabaseUrl.Dialect.SQLITE;
        db().inTransaction((Tx tx) -> insert.apply(tx, email.apply(9999)));
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            // The first holds the writer until others wait behind it, so on SQLite they form groups.
            var first = threads.submit(() -> db().inTransaction((Tx tx) -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return insert.apply(tx, email.apply(0));
            }));
            assertThat(holding.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 1; i <= others; i++) {
                int n = i;
                results.add(threads.submit(() -> {
                    try {
                        db().inTransaction((Tx tx) -> {
                            insert.apply(tx, email.apply(n));
                            if (sqlite && n % 5 == 0) {
                                try {
                                    insert.apply(tx, email.apply(9999)); // taken: a unique violation, caught
                                } catch (DuplicateKeyException expected) {
                                    insert.apply(tx, email.apply(1000 + n));
                                }
                            }
                            if (n % 3 == 0) throw new IllegalStateException("work failed " + n);
                            return null;
                        });
                    } catch (IllegalStateException e) {
                        assertThat(e).hasMessage("work failed " + n);
                        return false;
                    }
                    // Committed before the caller heard of it: a reader sees it at once.
                    assertThat(db().read((Tx tx) -> stores().accounts().findByEmail(tx, email.apply(n)))).isPresent();
                    return true;
                }));
            }
            if (sqlite) {
                // Two waiting make a group; holding the writer longer would risk the 5 s a transaction waits to start.
                long deadline = System.nanoTime() + 3_000_000_000L;
                while (db().writeQueue()[0] < 2 && System.nanoTime() < deadline) Thread.onSpinWait();
            }
            release.countDown();
            first.get();
            for (int i = 1; i <= others; i++) assertThat(results.get(i - 1).get()).isEqualTo(i % 3 != 0);
        }
        List<String> stored = db().read((Tx tx) -> Jdbc.query(tx, "SELECT email FROM accounts WHERE email LIKE ?", rs -> rs.getString(1),
                run + "-%"));
        List<String> expected = new java.util.ArrayList<>(List.of(email.apply(0), email.apply(9999)));
        for (int i = 1; i <= others; i++) {
            if (i % 3 == 0) continue;
            expected.add(email.apply(i));
            if (sqlite && i % 5 == 0) expected.add(email.apply(1000 + i));
        }
        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
        if (sqlite) assertThat(db().writeQueue()[1]).isGreaterThan(1);
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
