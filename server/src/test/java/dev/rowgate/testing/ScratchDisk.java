package dev.rowgate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A small ext4 file system of the test's own (an image file, loop-mounted in a temp folder), which the test fills up or
 * makes read-only under a running Rowgate and then repairs. Needs root (mount, and chattr for the immutable flag,
 * which, unlike file modes, root obeys too, and which ext4 checks on every write(2) through a descriptor already open,
 * as a file system remounted read-only by the kernel would refuse them). Tests that need it are skipped, with a
 * message, where that is not possible (not root, no loop devices); CI runs as root.
 */
public final class ScratchDisk implements AutoCloseable {

    private final Path folder;
    private final Path image;
    private final Path mount;
    private final Path filler;

    private ScratchDisk(Path folder) {
        this.folder = folder;
        this.image = folder.resolve("disk.img");
        this.mount = folder.resolve("mnt");
        this.filler = mount.resolve("filler");
    }

    /** Makes and mounts a file system of that many megabytes; skips the test when that is not possible here. */
    public static ScratchDisk mount(int megabytes) {
        if (!"root".equals(System.getProperty("user.name"))) skip("the tests run as " + System.getProperty("user.name") + ", not root");
        ScratchDisk disk;
        try {
            disk = new ScratchDisk(Files.createTempDirectory("rowgate-disk-"));
            Files.createDirectory(disk.mount);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            String made = run("mkfs.ext4", "-q", "-F", "-m", "0", "-E", "nodiscard", disk.image.toString(), megabytes + "M");
            if (made != null) skip("mkfs.ext4 failed: " + made);
            String mounted = run("mount", "-o", "loop", disk.image.toString(), disk.mount.toString());
            if (mounted != null) skip("mount -o loop failed: " + mounted);
        } catch (RuntimeException e) {
            disk.close();
            throw e;
        }
        return disk;
    }

    private static void skip(String why) {
        String message = "a scratch file system cannot be mounted (" + why + "): this disk fault test is SKIPPED; CI runs it as root";
        System.err.println("WARNING: " + message);
        Assumptions.abort(message);
    }

    public Path path() {
        return mount;
    }

    /** Writes a file until the file system has no block left (ENOSPC); returns its size. */
    public long fill() {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int size = chunk.length; size >= 512; size /= 2) {
                try {
                    while (true) {
                        out.write(chunk, 0, size);
                        out.flush();
                        written += size;
                    }
                } catch (IOException full) {
                    // this size no longer fits; try smaller writes for the last blocks
                }
            }
        } catch (IOException e) {
            // closing a file on a full disk may fail too; it is as full as it gets
        }
        return written;
    }

    /** Deletes what {@link #fill()} wrote. */
    public void free() {
        try {
            Files.deleteIfExists(filler);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets (or clears) the immutable flag on the folder's files and the folder itself: every write then fails (EPERM). */
    public void readOnly(boolean on) {
        List<String> command = new ArrayList<>(List.of("chattr", on ? "+i" : "-i"));
        try (Stream<Path> files = Files.list(mount)) {
            files.filter(p -> !p.equals(mount.resolve("lost+found"))).forEach(p -> command.add(p.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        command.add(mount.toString());
        String failed = run(command.toArray(String[]::new));
        if (failed != null) throw new IllegalStateException(String.join(" ", command) + ": " + failed);
    }

    /** Remounts the file system read-only (possible only while no file on it is open for writing) or read-write. */
    public void remount(boolean readOnly) {
        String failed = run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", mount.toString());
        if (failed != null) throw new IllegalStateException("remount " + (readOnly ? "ro" : "rw") + " " + mount + ": " + failed);
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            var output = new java.util.concurrent.CompletableFuture<String>();
            Thread.ofVirtual().start(() -> {
                try {
                    output.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
                } catch (IOException e) {
                    output.complete(e.toString());
                }
            });
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + ": no exit within 60 s";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output.get(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return e.getMessage(); // the tool is not installed
        } catch (InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return e.toString();
        }
    }

    /** Clears the flags, unmounts and deletes the image. */
    @Override
    public void close() {
        if (Files.exists(mount.resolve("lost+found"))) {
            run("chattr", "-R", "-i", mount.toString());
            String failed = run("umount", mount.toString());
            if (failed != null) {
                // Something still has a file open (a server that failed to close): detach now, freed when it closes.
                run("umount", "-l", mount.toString());
            }
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}
