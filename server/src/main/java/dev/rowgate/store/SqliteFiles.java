package dev.rowgate.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Why SQLite cannot write its files, in words for an operator: the driver only says "unable to open the database
 * file" or "disk I/O error" (an EROFS or EPERM from write(2) reaches it as SQLITE_IOERR). Looks at the database file,
 * its -wal and -shm files (https://sqlite.org/wal.html: a WAL database needs both, so the folder must be writable while
 * they are missing) and the file system, with access(2) semantics, so it holds for root as well (a read-only mount,
 * an immutable file).
 */
final class SqliteFiles {

    private SqliteFiles() {}

    /**
     * The quick check before every write transaction: access(2) on the three files, no mount table. SQLite writes to
     * its -shm through a shared memory map, and a write there to a file that became unwritable (a file system
     * remounted read-only, an immutable flag) is not an error code but SIGBUS, which kills the process; a write
     * transaction (which may restart the WAL, writing the map) is therefore not begun on files that cannot be written.
     */
    static boolean writable(Path db) {
        Path wal = sibling(db, "-wal");
        Path shm = sibling(db, "-shm");
        return Files.isWritable(db) && (Files.isWritable(wal) || !Files.exists(wal)) && (Files.isWritable(shm) || !Files.exists(shm));
    }

    static Optional<String> writeProblem(Path db) {
        Path dir = db.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) return Optional.empty(); // created at open; a failure there says so itself
        try {
            if (Files.getFileStore(dir).isReadOnly()) return Optional.of("the folder " + dir + " is on a read-only file system");
        } catch (IOException e) {
            // cannot tell from the mount table; the checks below still apply
        }
        Path wal = sibling(db, "-wal");
        Path shm = sibling(db, "-shm");
        for (Path p : new Path[] {db, wal, shm}) {
            if (Files.exists(p) && !Files.isWritable(p)) return Optional.of(p + " is not writable (its permissions, or the immutable flag: lsattr)");
        }
        boolean needsNewFiles = !Files.exists(db) || !Files.exists(wal) || !Files.exists(shm);
        if (needsNewFiles && !Files.isWritable(dir)) return Optional.of("the folder " + dir + " is not writable, and SQLite creates its files there");
        return Optional.empty();
    }

    private static Path sibling(Path db, String suffix) {
        return db.resolveSibling(db.getFileName() + suffix);
    }
}
