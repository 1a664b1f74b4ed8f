package dev.rowgate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of the test's own, which it may stop and start (the shared one on 5432 must never be touched):
 * initdb in a temp folder, a free loopback port, its socket in that folder, trust auth. Stopped and deleted on close.
 * Runs the server binaries as the {@code postgres} user when the tests run as root (CI), since postgres refuses root.
 * Skipped with a message only when the binaries are not installed.
 */
public final class PrivatePostgres implements AutoCloseable {

    private static final long COMMAND_TIMEOUT_S = 120;

    private final Path bin;
    private final Path folder;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;

    private PrivatePostgres(Path bin, Path folder, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.folder = folder;
        this.data = folder.resolve("data");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** initdb and start; skips the calling test when no PostgreSQL server binaries are installed. */
    public static PrivatePostgres start() {
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            String why = "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin, pg_config --bindir or the PATH:"
                    + " the PostgreSQL restart test is SKIPPED (install the postgresql package to run it)";
            System.err.println("WARNING: " + why);
            Assumptions.abort(why);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path folder;
        try {
            folder = Files.createTempDirectory("rowgate-pg-");
            if (root) {
                var postgres = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(folder, postgres);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a folder for a private PostgreSQL (as root it belongs to the postgres user): " + e, e);
        }
        PrivatePostgres pg = new PrivatePostgres(bin.get(), folder, freePort(), root);
        try {
            pg.run(pg.bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                    "--locale=C", "--no-sync");
            Files.writeString(pg.data.resolve("postgresql.conf"), String.join("\n", "",
                    "port = " + pg.port,
                    "listen_addresses = '127.0.0.1'",
                    "unix_socket_directories = '" + folder + "'",
                    "max_connections = 40",
                    "shared_buffers = 16MB",
                    // Crash recovery after an immediate stop needs only what reached the OS, which survives here.
                    "fsync = off",
                    ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            pg.startServer();
            return pg;
        } catch (RuntimeException | IOException e) {
            pg.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static Optional<Path> binaries() {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.map(v -> v.resolve("bin")).sorted(Comparator.comparing((Path p) -> versionOf(p)).reversed()).forEach(candidates::add);
        } catch (IOException e) {
            // not the Debian layout
        }
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) candidates.add(Path.of(out));
        } catch (IOException | InterruptedException e) {
            // no pg_config
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) if (!dir.isEmpty()) candidates.add(Path.of(dir));
        return candidates.stream().filter(d -> Files.isExecutable(d.resolve("initdb")) && Files.isExecutable(d.resolve("pg_ctl"))).findFirst();
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** A database URL in Rowgate's form. */
    public String url(String database) {
        return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
    }

    public void createDatabase(String name) {
        sql("postgres", "CREATE DATABASE " + name);
    }

    /** Runs one statement on a fresh connection (outside Rowgate's pool). */
    public void sql(String database, String statement) {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
    }

    /** {@code pg_ctl start}, waiting until it accepts connections (after crash recovery, following an immediate stop). */
    public void startServer() {
        run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", folder.resolve("server.log").toString(), "-w", "-t", "90", "start");
    }

    /** {@code pg_ctl stop -m fast} (sessions are told and rolled back) or {@code -m immediate} (like a crash). */
    public void stopServer(String mode) {
        run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w", "-t", "90", "stop");
    }

    private void run(String... command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            // Read on another thread: a child that fills the pipe would never exit.
            var output = new java.util.concurrent.CompletableFuture<String>();
            Thread.ofVirtual().start(() -> {
                try {
                    output.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.complete("(output lost: " + e + ")");
                }
            });
            if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + ": no exit within " + COMMAND_TIMEOUT_S + " s" + logTail());
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " exited " + p.exitValue() + ": "
                        + output.get(10, TimeUnit.SECONDS) + logTail());
            }
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(String.join(" ", full) + ": " + e, e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(folder.resolve("server.log"));
            return "\nserver.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the cluster (immediate: its data is thrown away) and deletes its folder. */
    @Override
    public void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                stopServer("immediate");
            } catch (RuntimeException e) {
                System.err.println("WARNING: private PostgreSQL did not stop: " + e.getMessage());
            }
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}
