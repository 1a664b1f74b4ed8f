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
        // Guard: the server of a [POSTGRES] run is on PostgreSQL and that of a [SQLITE] run on SQLite.
        if (server.wiring().database().dialect() != dialect) throw new IllegalStateException("server runs on the wrong database");
    }

    @AfterParameterizedClassInvocation
    static void stopServer() {
        if (server != null) server.close();
        server = null;
    }
}
