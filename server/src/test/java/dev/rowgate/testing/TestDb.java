package dev.rowgate.testing;

import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Database;
import dev.rowgate.store.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own for one test class: a fresh SQLite file in a temp folder, or a fresh PostgreSQL database on
 * 127.0.0.1:5432 (ROWGATE_TEST_PG_URL overrides), created here and dropped on close, so runs never see each other's
 * data. When PostgreSQL is not reachable its tests are skipped with a clear reason, unless CI=true or
 * ROWGATE_TEST_PG=required, where they fail.
 */
public final class TestDb implements AutoCloseable {

    private static final String ADMIN_URL = System.getenv().getOrDefault("ROWGATE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
    private static volatile String postgresProblem;
    private static volatile boolean postgresChecked;

    private final DatabaseUrl url;
    private final Path folder;
    private final String pgName;
    private Database database;

    private TestDb(DatabaseUrl url, Path folder, String pgName) {
        this.url = url;
        this.folder = folder;
        this.pgName = pgName;
    }

    /** An empty database of the dialect, not yet opened or migrated (see {@link #open()}). */
    public static TestDb create(Dialect dialect) {
        java.util.Objects.requireNonNull(dialect, "dialect");
        if (dialect == Dialect.SQLITE) {
            try {
                Path folder = Files.createTempDirectory("rowgate-test-");
                return new TestDb(DatabaseUrl.parse("sqlite:" + folder.resolve("rowgate.db")), folder, null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        requirePostgres();
        String name = "rowgate_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("CREATE DATABASE " + name);
        String url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
        return new TestDb(DatabaseUrl.parse(url), null, name);
    }

    /** Skips (or, in CI, fails) the calling test when PostgreSQL is not reachable. */
    public static void requirePostgres() {
        if (!postgresChecked) {
            synchronized (TestDb.class) {
                if (!postgresChecked) {
                    try (Connection c = adminConnection()) {
                        postgresProblem = null;
                    } catch (SQLException e) {
                        postgresProblem = e.getMessage();
                        System.err.println("WARNING: PostgreSQL at " + ADMIN_URL + " is not reachable (" + e.getMessage()
                                + "): PostgreSQL tests are SKIPPED. Start it, or set ROWGATE_TEST_PG_URL.");
                    }
                    postgresChecked = true;
                }
            }
        }
        if (postgresProblem != null) {
            boolean required = "true".equals(System.getenv("CI")) || "required".equals(System.getenv("ROWGATE_TEST_PG"));
            if (required) throw new IllegalStateException("PostgreSQL tests are required here (CI) but PostgreSQL is not reachable: " + postgresProblem);
            Assumptions.abort("PostgreSQL not reachable at " + ADMIN_URL + ": PostgreSQL test skipped");
        }
    }

    private static Connection adminConnection() throws SQLException {
        DatabaseUrl admin = DatabaseUrl.parse(ADMIN_URL);
        var props = new java.util.Properties();
        props.setProperty("user", admin.user());
        if (admin.password() != null) props.setProperty("password", admin.password());
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(admin.jdbcUrl(), props);
    }

    private static void admin(String sql) {
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public DatabaseUrl url() {
        return url;
    }

    public Dialect dialect() {
        return url.dialect();
    }

    /** Opens and migrates the database (once; later calls return the same one). */
    public Database open() {
        if (database == null) {
            database = Database.open(url, 0, null);
            database.migrate();
        }
        return database;
    }

    public Stores stores() {
        return Stores.forDialect(url.dialect());
    }

    /** Closes the pools and removes the database (drops the PostgreSQL database, deletes the SQLite folder). */
    @Override
    public void close() {
        if (database != null) database.close();
        if (pgName != null) {
            admin("DROP DATABASE IF EXISTS " + pgName + " WITH (FORCE)");
        } else if (folder != null) {
            deleteTree(folder);
        }
    }

    /** Deletes a temp folder and everything in it, as far as it can: a leftover temp folder is harmless. */
    static void deleteTree(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the OS to clean
        }
    }

    /** The highest Vn__*.sql of the dialect's migrations: the version a fresh database is migrated to. */
    public static String latestMigration(Dialect dialect) {
        String folder = "db/migration/" + dialect.name().toLowerCase(java.util.Locale.ROOT);
        try (Stream<Path> files = Files.list(Path.of(TestDb.class.getClassLoader().getResource(folder).toURI()))) {
            return Integer.toString(files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow());
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
