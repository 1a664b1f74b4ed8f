package dev.rowgate.cli;

import dev.rowgate.Server;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the server (migrates the database first; seeds demo data on an empty one).")
final class ServeCommand extends BaseCommand {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--host", description = "Listen address (listen.host).")
    String host;

    @Option(names = "--port", description = "Listen port (listen.port); 0 picks a free one.")
    Integer port;

    @Option(names = "--issuer", description = "Public base URL (issuer).")
    String issuer;

    @Override
    Map<String, String> configFlags() {
        Map<String, String> flags = new LinkedHashMap<>();
        if (host != null) flags.put("listen.host", host);
        if (port != null) flags.put("listen.port", port.toString());
        if (issuer != null) flags.put("issuer", issuer);
        return flags;
    }

    @Override
    public Integer call() {
        // SIGTERM and SIGINT: stop accepting, let in-flight requests finish (shutdown.grace), close the pool. The hook
        // goes in before the start: a signal during the start (the first start seeds demo data after it listens) then
        // ends the process quietly instead of failing to add the hook ("Shutdown in progress"); what the start had not
        // committed yet is rolled back by the database.
        AtomicReference<Server> started = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("rowgate-shutdown").unstarted(() -> {
            Server running = started.get();
            if (running != null) running.close();
        }));
        Server server = Server.start(config(), Clock.systemUTC());
        started.set(server);
        long startupMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        server.firstStartBanner().ifPresent(io.out()::println);
        io.out().println("Rowgate is listening on " + server.baseUrl() + " (issuer " + server.wiring().config().issuer()
                + ", database " + server.wiring().database().url().display() + ")");
        if (server.apiPort() > 0) {
            io.out().println("The v2 API is also at / on http://" + server.wiring().config().host() + ":" + server.apiPort() + "/ (api.port)");
        }
        io.out().flush();
        log.atInfo().addKeyValue("startup_ms", startupMs).addKeyValue("port", server.port())
                .log("rowgate: started in {} ms", startupMs);
        return 0;
    }
}
