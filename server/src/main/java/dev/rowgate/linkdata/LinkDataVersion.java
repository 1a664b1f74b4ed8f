package dev.rowgate.linkdata;

import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;

/**
 * A counter in the settings table that every load bumps, and the value the scores were last computed for. A running
 * server compares the two to notice that another process (rowgate data load) changed the link data, and then
 * recomputes the scores ({@link ScoresJob}). A counter rather than a time: two loads within one clock tick still
 * differ, and clocks of different machines need not agree.
 */
public final class LinkDataVersion {

    static final String VERSION = "linkdata.version";
    static final String SCORED = "linkdata.scored_version";
    static final String ANSWERED = "linkdata.answered_version";
    /**
     * Bumped in the same transaction as every write of link data or scores (a load's batch, a batch of new scores),
     * not only at the end of a load: a precomputed v2 answer records it and is used only while it is unchanged, so
     * no request ever gets an answer older than the data it could read (api/v2/PrecomputedAnswers).
     */
    public static final String CHANGES = "linkdata.changes";

    private LinkDataVersion() {}

    /** Counts one more change of the link data; call in (or after) the transaction that made it. */
    public static void bump(Tx tx, long now) {
        increment(tx, VERSION, now);
    }

    /** Counts one more write of link data or scores; call in the transaction that makes it (see {@link #CHANGES}). */
    public static void noteChange(Tx tx, long now) {
        increment(tx, CHANGES, now);
    }

    private static void increment(Tx tx, String name, long now) {
        Jdbc.update(tx, """
                INSERT INTO settings (name, value, updated_at) VALUES (?, '1', ?)
                ON CONFLICT (name) DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT), updated_at = excluded.updated_at""",
                name, now);
    }

    /** How many writes of link data or scores there have been: 0 before the first. */
    public static long changes(Tx tx) {
        return read(tx, CHANGES);
    }

    /** The version the precomputed v2 answers were last made for: 0 when never. */
    public static long answered(Tx tx) {
        return read(tx, ANSWERED);
    }

    public static void markAnswered(Tx tx, long version, long now) {
        mark(tx, ANSWERED, version, now);
    }

    /** The link data's version: 0 before the first load. */
    public static long current(Tx tx) {
        return read(tx, VERSION);
    }

    /** The version the stored scores were computed from: 0 when never. */
    public static long scored(Tx tx) {
        return read(tx, SCORED);
    }

    public static void markScored(Tx tx, long version, long now) {
        mark(tx, SCORED, version, now);
    }

    private static void mark(Tx tx, String name, long version, long now) {
        Jdbc.update(tx, """
                INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at""",
                name, Long.toString(version), now);
    }

    private static long read(Tx tx, String name) {
        return Jdbc.one(tx, "SELECT value FROM settings WHERE name = ?", rs -> Long.parseLong(rs.getString(1)), name).orElse(0L);
    }
}
