package dev.rowgate.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the pages show them: UTC, to the minute, the same on every node whatever its time zone. */
public final class Dates {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Dates() {}

    public static String minute(Long epochMillis) {
        return epochMillis == null ? "" : MINUTE.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String day(Long epochMillis) {
        return epochMillis == null ? "" : DAY.format(Instant.ofEpochMilli(epochMillis));
    }
}
