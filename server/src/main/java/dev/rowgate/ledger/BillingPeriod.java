package dev.rowgate.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Monthly billing periods anchored on the subscription's start (rows.md): a plan started on Jan 31 renews on
 * Feb 28 (or 29), Mar 31, Apr 30 ... always counted from the anchor, so short months never shift later periods.
 */
public record BillingPeriod(long start, long end) {

    public static BillingPeriod monthly(long anchorMillis, long nowMillis) {
        ZonedDateTime anchor = Instant.ofEpochMilli(anchorMillis).atZone(ZoneOffset.UTC);
        ZonedDateTime now = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC);
        long months = Math.max(0, ChronoUnit.MONTHS.between(anchor, now));
        ZonedDateTime start = anchor.plusMonths(months);
        while (start.isAfter(now) && months > 0) start = anchor.plusMonths(--months);
        ZonedDateTime end = anchor.plusMonths(months + 1);
        while (!end.isAfter(now)) {
            start = end;
            end = anchor.plusMonths(++months + 1);
        }
        return new BillingPeriod(start.toInstant().toEpochMilli(), end.toInstant().toEpochMilli());
    }
}
