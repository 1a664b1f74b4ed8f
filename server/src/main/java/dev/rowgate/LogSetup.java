package dev.rowgate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.Map;

/**
 * Logback's configuration, in code: {@code serve} logs JSON lines to stdout at INFO, other commands warnings only, to
 * stderr (their stdout is their output); {@link Main} sets {@code rowgate.log.target} and {@code rowgate.log.level}.
 *
 * <p>Found by Logback through {@code META-INF/services}, ahead of its XML configurator: reading a {@code logback.xml}
 * with Joran was 200-300 ms of a cold start (bench/README.md, "Start-up"). It steps aside for an explicit
 * {@code -Dlogback.configurationFile=...} and for a {@code logback-test.xml} on the class path (the tests' own).
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** Libraries whose INFO lines say nothing an operator needs; Rowgate logs what matters itself. */
    static final Map<String, Level> QUIET = Map.of(
            "org.eclipse.jetty", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            // "connection marked as broken", with a stack trace, once per pooled connection when the database goes
            // away: dev.rowgate.store.Database says it in one line instead (what, why, and when it works again).
            "com.zaxxer.hikari.pool.ProxyConnection", Level.ERROR,
            "org.flywaydb", Level.WARN,
            "io.javalin", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, System.getProperty("rowgate.log.target", "System.out"), System.getProperty("rowgate.log.level"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** JSON lines on {@code target} ("System.out" or "System.err") from {@code level} up (INFO when null). */
    static void apply(LoggerContext context, String target, String level) {
        context.getStatusManager().add(new NopStatusListener());

        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget(target);
        console.setEncoder(encoder);
        console.start();

        QUIET.forEach((name, quiet) -> context.getLogger(name).setLevel(quiet));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(console);
    }
}
