package dev.rowgate.lifecycle;

import dev.rowgate.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads a sunset date as an operator types it, always in UTC: 2026-01-31 (midnight), 2026-01-31T12:00, or 2026-01-31T12:00:00Z. */
public final class SunsetDate {

    private SunsetDate() {}

    public static Instant parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) throw new InvalidInputException("date: give the sunset date, e.g. 2026-01-31 (UTC)");
        try {
            if (t.length() == 10) return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (t.endsWith("Z")) return Instant.parse(t);
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("date: \"" + t + "\" is not a date; write 2026-01-31, 2026-01-31T12:00 or 2026-01-31T12:00:00Z (UTC)");
        }
    }
}
