package dev.rowgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.store.Database;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.ScratchDisk;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, as an operator meets it: {@code ./rowgate serve} (the launcher and the built jar, in a process of its own)
 * on a database it cannot write stops at once with one line on its output, no stack trace; the read-only operator
 * commands still work on it; and a server whose files become read-only under it still stops cleanly on SIGTERM
 * (closing SQLite's last connection writes its memory-mapped -shm file, which on an unwritable file is SIGBUS).
 */
class ReadOnlyServeIT {

    private static final Path ROOT = Path.of(System.getProperty("rowgate.repo.root", "..")).toAbsolutePath().normalize();
    private static final boolean ROOT_USER = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path work;

    @Test
    void serveOnReadOnlyDatabaseFileStopsWithOneLineAndReadingCommandsStillWork() throws Exception {
        Path db = work.resolve("data/rowgate.db");
        migrate(db);
        // Root ignores file modes; the immutable flag it obeys (and so would any user).
        if (ROOT_USER) command("chattr", "+i", db.toString());
        else Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        try {
            Run serve = rowgate("serve", "--port", Integer.toString(freePort()), "--db", "sqlite:" + db);
            assertThat(serve.exit()).isEqualTo(1);
            assertThat(serve.output()).isEqualTo("rowgate: database: sqlite:" + db + " is read-only: " + db
                    + " is not writable (its permissions, or the immutable flag: lsattr)");

            Run verify = rowgate("ledger", "verify", "--db", "sqlite:" + db);
            assertThat(verify.exit()).as(verify.output()).isZero();
        } finally {
            if (ROOT_USER) command("chattr", "-i", db.toString());
        }
    }

    @Test
    void serveOnReadOnlyFileSystemStopsWithOneLine() throws Exception {
        if (!ROOT_USER) {
            // Without root, a folder without write permission is the nearest thing to a read-only file system.
            Path folder = Files.createDirectory(work.resolve("locked"));
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
            Run serve = rowgate("serve", "--port", Integer.toString(freePort()), "--db", "sqlite:" + folder.resolve("rowgate.db"));
            assertThat(serve.exit()).isEqualTo(1);
            assertThat(serve.output()).isEqualTo("rowgate: database: cannot open sqlite:" + folder.resolve("rowgate.db") + ": the folder "
                    + folder + " is not writable, and SQLite creates its files there");
            return;
        }
        try (ScratchDisk disk = ScratchDisk.mount(16)) {
            Path db = disk.path().resolve("rowgate.db");
            migrate(db);
            disk.remount(true);

            Run existing = rowgate("serve", "--port", Integer.toString(freePort()), "--db", "sqlite:" + db);
            assertThat(existing.exit()).isEqualTo(1);
            assertThat(existing.output()).isEqualTo("rowgate: database: cannot open sqlite:" + db + ": the folder " + disk.path()
                    + " is on a read-only file system");

            Path deeper = disk.path().resolve("sub/rowgate.db");
            Run missing = rowgate("serve", "--port", Integer.toString(freePort()), "--db", "sqlite:" + deeper);
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.output()).isEqualTo("rowgate: database: cannot create the folder for sqlite:" + deeper + ": "
                    + disk.path().resolve("sub") + ": Read-only file system");
        }
    }

    @Test
    void filesTurnedReadOnlyUnderServeThenSigtermStopsCleanly() throws Exception {
        try (ScratchDisk disk = ScratchDisk.mount(32)) {
            int port = freePort();
            Process serve = start("serve", "--port", Integer.toString(port), "--db", "sqlite:" + disk.path().resolve("rowgate.db"));
            Output out = Output.of(serve);
            out.await("Rowgate is listening on");

            disk.readOnly(true);
            try {
                // A failed sign-in is counted (a write): it gets the 503 now.
                var form = Http.get("http://127.0.0.1:" + port + "/login");
                String cookies = String.join("; ", form.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).toList());
                String csrf = dev.rowgate.testing.Browser.hiddenFields(form.body()).get("csrf");
                var signIn = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                        .POST(HttpRequest.BodyPublishers.ofString("email=nobody%40example.com&password=wrong-password&return_to=%2F&csrf="
                                + java.net.URLEncoder.encode(csrf, StandardCharsets.UTF_8))).build());
                assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(503);
                assertThat(Http.get("http://127.0.0.1:" + port + "/healthz").statusCode()).isEqualTo(200);

                command("kill", "-TERM", Long.toString(serve.pid()));
                assertThat(serve.waitFor(90, TimeUnit.SECONDS)).as("serve stopped").isTrue();
                String all = out.all();
                assertThat(serve.exitValue()).as(all).isEqualTo(143);
                assertThat(all).contains("its connections are left open until the process exits").contains("rowgate: stopped")
                        .doesNotContain("SIGBUS").doesNotContain("A fatal error has been detected");
            } finally {
                serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                disk.readOnly(false);
            }
        }
    }

    private record Run(int exit, String output) {}

    /** Runs a command of the launcher to its end (bounded), its output merged and stripped. */
    private Run rowgate(String... args) throws Exception {
        Process p = start(args);
        Output out = Output.of(p);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("rowgate " + String.join(" ", args) + " exited").isTrue();
        return new Run(p.exitValue(), out.all().strip());
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("rowgate").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    /** A child's merged output, read on a virtual thread so that it never blocks on a full pipe. */
    private record Output(Process process, BlockingQueue<String> lines, List<String> seen) {
        static Output of(Process p) {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try (var r = p.inputReader(StandardCharsets.UTF_8)) {
                    for (String line; (line = r.readLine()) != null; ) lines.add(line);
                } catch (IOException ignored) {
                    // the process ended
                } finally {
                    lines.add(EOF);
                }
            });
            return new Output(p, lines, new ArrayList<>());
        }

        void await(String fragment) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) continue;
                if (line.equals(EOF)) break;
                seen.add(line);
                if (line.contains(fragment)) return;
            }
            throw new AssertionError("no line with \"" + fragment + "\"; output:\n" + String.join("\n", seen));
        }

        /** Everything printed, once the process has ended (its output then ends too). */
        String all() throws InterruptedException {
            for (String line; (line = lines.poll(60, TimeUnit.SECONDS)) != null && !line.equals(EOF); ) seen.add(line);
            return String.join("\n", seen);
        }
    }

    private static final String EOF = "\u0000EOF";

    private static void migrate(Path db) {
        try (Database d = Database.open(DatabaseUrl.parse("sqlite:" + db), 0, null)) {
            d.migrate();
        }
    }

    private static void command(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
