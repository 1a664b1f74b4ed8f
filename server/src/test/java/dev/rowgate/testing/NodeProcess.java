package dev.rowgate.testing;

import dev.rowgate.config.DatabaseUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One {@code rowgate serve} as a child process: {@code java -jar server/target/rowgate.jar}, what the launcher runs,
 * started directly so that {@link #kill()} hits the server itself (a SIGKILL to the launcher would leave its child
 * running). For the failsafe tests that need real processes: several nodes on one database, SIGKILL at any moment.
 * Output goes to a file under {@code server/target/it-nodes/}, kept for reading after a failure. {@link #cli} runs
 * the other commands the same way.
 */
public final class NodeProcess implements AutoCloseable {

    public static final Path ROOT = Path.of(System.getProperty("rowgate.repo.root", "..")).toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("server/target/rowgate.jar");
    private static final Path LOGS = ROOT.resolve("server/target/it-nodes");
    private static final Duration START_DEADLINE = Duration.ofSeconds(120);
    /** Small heap, quick JIT: several of these share a 2-core machine with the build. */
    private static final List<String> JVM_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xmx256m");

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private NodeProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code rowgate serve} on the database and loopback port; {@code settings} become {@code --set key=value}.
     * Returns at once: call {@link #awaitListening()}.
     */
    public static NodeProcess serve(String name, DatabaseUrl db, int port, String issuer, Map<String, String> settings) {
        List<String> args = new ArrayList<>(List.of("serve", "--db", db.display(), "--port", Integer.toString(port), "--issuer", issuer));
        settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + "-" + System.currentTimeMillis() + ".log");
            Process p = new ProcessBuilder(command(args)).directory(LOGS.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new NodeProcess(name, port, log, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(args);
        return command;
    }

    /** Waits for the start line; fails with the output when the process exits first or the deadline passes. */
    public NodeProcess awaitListening() {
        waitUntil(START_DEADLINE, () -> output().contains("Rowgate is listening on") || !process.isAlive(), name + " to start");
        if (!output().contains("Rowgate is listening on")) throw new AssertionError(name + " did not start:\n" + output());
        return this;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public String url(String path) {
        return base() + path;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process has printed so far (its log file). */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, no graceful close, a crash as the OS sees one. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM through kill(1), the graceful stop; waits for the exit. */
    public void stop() {
        try {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError(name + " did not exit within 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** What a CLI command printed on stdout and stderr, and its exit code. */
    public record CliResult(int exit, String out, String err) {}

    /** Runs {@code rowgate ARGS --db DB} to its end (60 s at most), {@code stdin} (may be null) on its input. */
    public static CliResult cli(DatabaseUrl db, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db.display()));
        try {
            Files.createDirectories(LOGS);
            Path out = Files.createTempFile(LOGS, "cli-", ".out");
            Path err = Files.createTempFile(LOGS, "cli-", ".err");
            Process p = new ProcessBuilder(command(all)).directory(LOGS.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("rowgate " + String.join(" ", args) + " did not finish within 60 s");
            }
            CliResult result = new CliResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition}, parking 20 ms between checks, until it holds; fails after {@code deadline}. */
    public static void waitUntil(Duration deadline, BooleanSupplier condition, String what) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("waited " + deadline.toSeconds() + " s for " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
