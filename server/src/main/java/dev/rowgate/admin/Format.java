package dev.rowgate.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console shows times and numbers: UTC, to the minute (operators compare them with logs, which are UTC). */
public final class Format {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Format() {}

    public static String time(long epochMillis) {
        return MINUTE.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String time(Instant at) {
        return MINUTE.format(at);
    }

    public static String seconds(long epochMillis) {
        return SECOND.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String rows(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    /** A query parameter value, percent-encoded for a link. */
    public static String url(String value) {
        return java.net.URLEncoder.encode(value == null ? "" : value, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
