package dev.rowgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.testing.NodeProcess;
import dev.rowgate.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log is copied into the database file by the checkpointer's thread, not left for the writer's
 * automatic checkpoint at thousands of pages: a small commit reaches the database file by itself within moments.
 */
class SqliteCheckpointerTest {

    @TempDir
    Path copies;

    @Test
    void aSmallCommitReachesTheDatabaseFileWithoutTheWriterCheckpointing() throws Exception {
        try (TestDb testDb = TestDb.create(Dialect.SQLITE)) {
            Database db = testDb.open();
            Path file = testDb.url().sqliteFile();
            db.inTransaction((Tx tx) -> Jdbc.update(tx, "CREATE TABLE marks (id INTEGER PRIMARY KEY, what TEXT NOT NULL)"));
            long before = db.checkpoints();
            db.inTransaction((Tx tx) -> Jdbc.update(tx, "INSERT INTO marks (what) VALUES ('first')"));
            db.inTransaction((Tx tx) -> Jdbc.update(tx, "INSERT INTO marks (what) VALUES ('second')"));

            // A copy of the database file alone, without its -wal: it holds what was checkpointed, and nothing else.
            NodeProcess.waitUntil(Duration.ofSeconds(10), () -> rowsInFileAlone(file) == 2, "both rows in the database file without its log");
            assertThat(rowsInFileAlone(file)).as("rows of marks in the database file without its log").isEqualTo(2);
            assertThat(db.checkpoints()).isGreaterThan(before);
        }
    }

    private int rowsInFileAlone(Path file) {
        try {
            return rowsInCopy(file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int rowsInCopy(Path file) throws Exception {
        Path copy = Files.createTempFile(copies, "copy", ".db");
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = DriverManager.getConnection(DatabaseUrl.parse("sqlite:" + copy).jdbcUrl());
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'marks'")) {
            if (!rs.next() || rs.getInt(1) == 0) return -1;
            try (ResultSet marks = c.createStatement().executeQuery("SELECT count(*) FROM marks")) {
                return marks.next() ? marks.getInt(1) : -1;
            }
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(Path.of(copy + "-wal"));
            Files.deleteIfExists(Path.of(copy + "-shm"));
        }
    }
}
