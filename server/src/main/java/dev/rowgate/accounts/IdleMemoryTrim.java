package dev.rowgate.accounts;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the memory of native Argon2id derivations back to the operating system once sign-ins pause. libargon2 mallocs
 * each derivation's 19 MiB; glibc keeps freed blocks of that size in its heaps for the next one (raising its mmap
 * threshold after the first), which is what makes a burst of sign-ins cheap, but it also kept 50-90 MiB resident long
 * after the burst (bench/README.md, "Memory"). Returning the memory after every derivation instead cost three times
 * the CPU per sign-in in page faults, so it is returned only after {@link #IDLE_MILLIS} without one, with
 * {@code malloc_trim(0)}. glibc only: elsewhere (musl, macOS, Windows) the call does not load and this does nothing.
 */
final class IdleMemoryTrim {

    private static final Logger log = LoggerFactory.getLogger(IdleMemoryTrim.class);
    static final long IDLE_MILLIS = 5_000;

    private interface LibC extends Library {
        /** glibc: releases free heap memory to the system; returns 1 when some was released. */
        int malloc_trim(long pad);
    }

    private final LibC libc;
    private final AtomicLong lastUse = new AtomicLong();
    private final AtomicBoolean used = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();

    private IdleMemoryTrim(LibC libc) {
        this.libc = libc;
    }

    /** A trim for this process, or one that does nothing when the C library has no malloc_trim. */
    static IdleMemoryTrim load() {
        try {
            LibC libc = Native.load("c", LibC.class);
            libc.malloc_trim(0); // fails here, not later, when the symbol is missing
            return new IdleMemoryTrim(libc);
        } catch (LinkageError | RuntimeException e) {
            log.debug("passwords: no malloc_trim in this C library ({}); Argon2id memory is left to the allocator", e.toString());
            return new IdleMemoryTrim(null);
        }
    }

    /** Called after each native derivation: the memory is trimmed once none has run for {@link #IDLE_MILLIS}. */
    void derived() {
        if (libc == null) return;
        lastUse.set(System.nanoTime());
        used.set(true);
        if (started.compareAndSet(false, true)) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("rowgate-argon2-trim").daemon(true).factory());
            timer.scheduleWithFixedDelay(this::trimWhenIdle, IDLE_MILLIS, IDLE_MILLIS / 5, TimeUnit.MILLISECONDS);
        }
    }

    private void trimWhenIdle() {
        if (!used.get() || System.nanoTime() - lastUse.get() < TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)) return;
        used.set(false);
        try {
            libc.malloc_trim(0);
        } catch (RuntimeException | LinkageError e) {
            log.debug("passwords: malloc_trim failed: {}", e.toString());
        }
    }
}
