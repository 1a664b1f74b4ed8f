package dev.rowgate.oauth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers about credentials (is this token valid, did this client authenticate) kept in memory until a time the caller
 * sets, at most a second or so, and dropped at once by {@link #clear} when credentials may have stopped working
 * ({@link AccessChanges}). An answer looked up while a clear happened is not kept: the lookup may have read the state
 * from before the change ({@link #generation}).
 */
public final class RecentAnswers<V> {

    private record Entry<V>(V value, long validUntil) {}

    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final int maxEntries;

    public RecentAnswers(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The answer kept under key, or null when there is none or it is no longer valid at now. */
    public V get(String key, long now) {
        Entry<V> e = entries.get(key);
        return e == null || now >= e.validUntil() ? null : e.value();
    }

    /** Take before the lookup whose answer {@link #put} will keep. */
    public long generation() {
        return generation.get();
    }

    /** Keeps value until validUntil, unless a clear happened since {@code generationBeforeLookup}. */
    public void put(String key, V value, long validUntil, long generationBeforeLookup) {
        if (entries.size() >= maxEntries) entries.clear(); // a flood of distinct keys costs lookups, never memory
        Entry<V> e = new Entry<>(value, validUntil);
        entries.put(key, e);
        // clear() counts first and empties second: either it empties after this put, or the count shows it here.
        if (generation.get() != generationBeforeLookup) entries.remove(key, e);
    }

    public void clear() {
        generation.incrementAndGet();
        entries.clear();
    }
}
