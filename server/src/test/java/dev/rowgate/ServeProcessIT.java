package dev.rowgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.testing.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's first command as a user would: {@code ./rowgate serve} from a fresh folder, through the launcher
 * script (which must find a JDK 21+ by itself even when an older java comes first on the PATH).
 */
class ServeProcessIT {

    private static final Path ROOT = Path.of(System.getProperty("rowgate.repo.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    /** Marks the end of the process's output in the queue. */
    private static final String EOF = "\u0000EOF";

    /** A started process with its merged output collected line by line. */
    private record Running(Process process, BlockingQueue<String> lines, List<String> seen) {
        String waitFor(String fragment) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            for (String s : seen) if (s.contains(fragment)) return s;
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) continue;
                if (line.equals(EOF)) {
                    lines.add(EOF);
                    break;
                }
                seen.add(line);
                if (line.contains(fragment)) return line;
            }
            throw new AssertionError("no line with \"" + fragment + "\"; output so far:\n" + String.join("\n", seen));
        }

        /** Everything printed; waits for the end of the output when the process has exited. */
        String all() throws InterruptedException {
            if (!process.isAlive()) {
                for (String line; !(line = lines.take()).equals(EOF); ) seen.add(line);
                lines.add(EOF);
            } else {
                lines.drainTo(seen);
                seen.remove(EOF);
            }
            return String.join("\n", seen);
        }
    }

    private Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("rowgate").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME");
        // The machine's default java (older than 21) comes first; the launcher must pass over it.
        env.put("PATH", "/usr/bin:/bin:" + Path.of(System.getProperty("java.home"), "bin"));
        Process p = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (IOException ignored) {
                // the process ended
            } finally {
                lines.add(EOF);
            }
        });
        return new Running(p, lines, new ArrayList<>());
    }

    /**
     * SIGTERM through kill(1): Process.destroy() sends the same signal but also closes our end of the child's
     * output pipe, so the lines the child logs while shutting down would be lost.
     */
    private static void sigterm(Process p) throws Exception {
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void serveOnFreshFolderThenSigtermThenRestartKeepsData() throws Exception {
        int port = freePort();
        Running first = start("serve", "--port", Integer.toString(port));
        String listening = first.waitFor("Rowgate is listening on");
        assertThat(listening).contains("http://127.0.0.1:" + port).contains("sqlite:" + work.toRealPath().resolve("data/rowgate.db"));
        String out = first.all();
        assertThat(out).contains("Rowgate first start: created demo data")
                .containsPattern("admin:     admin@rowgate.local  password \\S{20}")
                .containsPattern("demo user: demo@rowgate.local  password \\S{20}")
                .containsPattern("demo app:  client_id rowgate-demo  client_secret \\S{43}")
                .contains("http://127.0.0.1:" + port + "/oauth2/authorize.php?response_type=code&client_id=rowgate-demo&scope=api");
        assertThat(Files.exists(work.resolve("data/rowgate.db"))).isTrue();

        var health = Http.get("http://127.0.0.1:" + port + "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        first.waitFor("\"GET /healthz 200\"".replace("/", "\\/"));

        sigterm(first.process());
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
        first.waitFor("rowgate: stopped");

        Running second = start("serve", "--port", Integer.toString(port));
        second.waitFor("Rowgate is listening on");
        assertThat(second.all()).doesNotContain("first start");
        sigterm(second.process());
        assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();

        Running users = start("users", "list", "--json");
        assertThat(users.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(users.process().exitValue()).isZero();
        assertThat(users.all()).contains("\"email\" : \"admin@rowgate.local\"").contains("\"email\" : \"demo@rowgate.local\"");
    }

    @Test
    void badConfigurationAndUnreachableDatabaseStopWithOneLine() throws Exception {
        Running badPort = start("serve", "--port", "99999");
        assertThat(badPort.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(badPort.process().exitValue()).isEqualTo(2);
        assertThat(badPort.all()).isEqualTo("rowgate: config: listen.port = \"99999\" (from the command line) must be a whole number from 0 to 65535");

        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Running busy = start("serve", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(busy.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(busy.process().exitValue()).isEqualTo(1);
            assertThat(busy.all()).endsWith("rowgate: http: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is in use or the address is not on this machine; pick another with --port or listen.port");
        }

        Files.writeString(work.resolve("rowgate.toml"), "[database]\nurl = \"postgresql://postgres@127.0.0.1:1/rowgate\"\n");
        Running noDb = start("serve");
        assertThat(noDb.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(noDb.process().exitValue()).isEqualTo(1);
        assertThat(noDb.all()).startsWith("rowgate: database: cannot open postgresql://postgres@127.0.0.1:1/rowgate: ").doesNotContain("\n");
    }
}
