package dev.rowgate;

import dev.rowgate.accounts.AccountRegistration;
import dev.rowgate.accounts.Passwords;
import dev.rowgate.apps.AppRegistration;
import dev.rowgate.cleanup.CleanupJob;
import dev.rowgate.config.Config;
import dev.rowgate.ledger.Plans;
import dev.rowgate.store.Database;
import dev.rowgate.store.Stores;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Metrics;
import dev.rowgate.web.OperationsRoutes;
import java.time.Clock;
import java.util.List;

/**
 * The composition root: every object of the process is built here, by hand, in dependency order, so this file
 * reads top to bottom as the system diagram. There is no container.
 */
public record Wiring(
        Config config, Clock clock, Metrics metrics, Database database, Stores stores, Passwords passwords,
        AccountRegistration accountRegistration, Plans plans, AppRegistration appRegistration) implements AutoCloseable {

    /** Opens and migrates the database and builds the services; the HTTP server is built by {@link #httpServer()}. */
    public static Wiring build(Config config, Clock clock) {
        Metrics metrics = new Metrics();
        Database database = Database.open(config.database(), config.poolSize(), metrics.registry());
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        Stores stores = Stores.forDialect(database.dialect());
        Passwords passwords = new Passwords();
        return new Wiring(config, clock, metrics, database, stores, passwords,
                new AccountRegistration(database, stores.accounts(), stores.plans(), passwords, clock),
                new Plans(database, stores.plans(), clock),
                new AppRegistration(database, stores.apps(), config.issuer(), clock));
    }

    public HttpServer httpServer() {
        return new HttpServer(config, metrics, List.of(
                new OperationsRoutes(database, metrics)));
    }

    public CleanupJob cleanupJob() {
        return new CleanupJob(database, stores.expiring(), clock, config.cleanupInterval(), config.cleanupRetention(),
                config.cleanupBatchSize(), metrics.registry());
    }

    @Override
    public void close() {
        database.close();
    }
}
