package dev.rowgate.testing;

import dev.rowgate.config.DatabaseUrl.Dialect;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of the browser tests ({@code *BrowserTest}, tag {@code browser}): a real server on SQLite per class, and a
 * fresh headless Chromium per test ({@link Chromium}). Pages do not depend on the database; the HTTP-level tests
 * ({@link AgainstServer}) cover both. Parameterized only to carry the [SQLITE] label the run's summary counts by.
 */
@Tag("browser")
@ParameterizedClass(name = "[{0}]")
@EnumSource(value = Dialect.class, names = "SQLITE")
public abstract class InBrowser {

    @RegisterExtension
    protected static final Chromium chromium = new Chromium();

    protected static TestServer server;

    @Parameter
    protected Dialect dialect;

    @BeforeParameterizedClassInvocation
    static void startServer(Dialect dialect) {
        server = TestServer.start(dialect);
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        if (server != null) server.close();
        server = null;
    }
}
