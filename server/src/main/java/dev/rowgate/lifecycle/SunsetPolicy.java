package dev.rowgate.lifecycle;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Enforces a sunset on the responses of one access path (integration-protocol.md, "Lifecycle"). While a sunset is
 * set, every response of the path says so: {@code Deprecation: @<epoch seconds>} (RFC 9745 §2.1, a structured-field
 * Date: when the path was deprecated) and {@code Sunset: <HTTP-date>} (RFC 8594 §3: when it stops answering). From
 * the sunset on, calls fail; the endpoint words the error in its own form, with {@link #endedMessage}.
 */
public final class SunsetPolicy {

    /** RFC 9110 §5.6.7 IMF-fixdate; RFC_1123_DATE_TIME would print a one-digit day, which HTTP-date does not allow. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final Lifecycle lifecycle;
    private final Clock clock;

    public SunsetPolicy(Lifecycle lifecycle, Clock clock) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds the headers when the path has a sunset; returns it when it has passed, so that the caller refuses the call. */
    public Optional<Lifecycle.Sunset> announce(Context ctx, Lifecycle.AccessPath path) {
        Optional<Lifecycle.Sunset> sunset = lifecycle.sunset(path);
        if (sunset.isEmpty()) return Optional.empty();
        Lifecycle.Sunset s = sunset.get();
        ctx.header("Deprecation", deprecationHeader(s.deprecatedAt()));
        ctx.header("Sunset", sunsetHeader(s.sunsetAt()));
        return s.passed(clock.instant()) ? sunset : Optional.empty();
    }

    /** Whether the path's sunset has passed (for checks without a response, such as introspection). */
    public boolean ended(Lifecycle.AccessPath path) {
        return lifecycle.sunset(path).map(s -> s.passed(clock.instant())).orElse(false);
    }

    static String deprecationHeader(Instant at) {
        return "@" + at.getEpochSecond();
    }

    static String sunsetHeader(Instant at) {
        return HTTP_DATE.format(at);
    }

    /** The error of a call after the sunset: names the path and the date. */
    public static String endedMessage(Lifecycle.Sunset s) {
        return s.path().label() + " ended on " + s.sunsetAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + " (sunset); see the operator's announcement for what replaces it";
    }
}
