package dev.rowgate.testing;

import dev.rowgate.config.DatabaseUrl.Dialect;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Base of the HTTP tests: every test method of a subclass runs against a real server on SQLite, then on PostgreSQL;
 * one server per class and database. The dialect reaches the static set-up as an argument (a PER_CLASS @BeforeAll
 * would run before @Parameter fields are injected).
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(Dialect.class)
public abstract class AgainstServer {

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
