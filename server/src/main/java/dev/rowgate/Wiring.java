package dev.rowgate;

import dev.rowgate.accounts.AccountAdministration;
import dev.rowgate.accounts.AccountRegistration;
import dev.rowgate.accounts.PageAccess;
import dev.rowgate.admin.AdminConsole;
import dev.rowgate.accounts.ApiKeys;
import dev.rowgate.accounts.BrowserSession;
import dev.rowgate.accounts.Login;
import dev.rowgate.accounts.LoginRoutes;
import dev.rowgate.accounts.AccountRoutes;
import dev.rowgate.accounts.PageAccess;
import dev.rowgate.accounts.Passwords;
import dev.rowgate.accounts.SignupRoutes;
import dev.rowgate.api.TokenAuth;
import dev.rowgate.api.v2.BareHostRoutes;
import dev.rowgate.api.v2.PrecomputeJob;
import dev.rowgate.api.v2.V2Endpoint;
import dev.rowgate.apps.AppImport;
import dev.rowgate.apps.AppRegistration;
import dev.rowgate.apps.ClientSecrets;
import dev.rowgate.apps.DeveloperRoutes;
import dev.rowgate.apps.AppReview;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.cleanup.CleanupJob;
import dev.rowgate.config.Config;
import dev.rowgate.grants.ConnectedApps;
import dev.rowgate.grants.Consents;
import dev.rowgate.jobs.JobLock;
import dev.rowgate.jobs.JobRunner;
import dev.rowgate.linkdata.ScoresJob;
import dev.rowgate.ledger.Ledger;
import dev.rowgate.ledger.Plans;
import dev.rowgate.ledger.Usage;
import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.lifecycle.SunsetPolicy;
import dev.rowgate.oauth.AccessChanges;
import dev.rowgate.oauth.OAuthRoutes;
import dev.rowgate.oauth.authorize.AuthorizeEndpoint;
import dev.rowgate.oauth.client.ClientAuthenticator;
import dev.rowgate.oauth.device.DeviceAuthorizationEndpoint;
import dev.rowgate.oauth.device.DeviceCodeFlow;
import dev.rowgate.oauth.device.DeviceVerificationRoutes;
import dev.rowgate.oauth.introspect.IntrospectionEndpoint;
import dev.rowgate.oauth.metadata.MetadataEndpoint;
import dev.rowgate.oauth.revoke.RevocationEndpoint;
import dev.rowgate.oauth.token.AuthorizationCodeFlow;
import dev.rowgate.oauth.token.RefreshTokenFlow;
import dev.rowgate.oauth.token.Revocations;
import dev.rowgate.oauth.token.TokenEndpoint;
import dev.rowgate.oauth.token.TokenIssuer;
import dev.rowgate.store.Database;
import dev.rowgate.store.Stores;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Metrics;
import dev.rowgate.web.OperationsRoutes;
import dev.rowgate.web.Pages;
import java.time.Clock;
import java.util.List;

/**
 * The composition root: every object of the process is built here, by hand, in dependency order, so this file
 * reads top to bottom as the system diagram. There is no container.
 */
public record Wiring(
        Config config, Clock clock, Metrics metrics, Database database, Stores stores, Passwords passwords, AuditLog audit,
        AccountRegistration accountRegistration, Plans plans, AppRegistration appRegistration, Ledger ledger,
        AccessChanges accessChanges, TokenAuth tokenAuth, Revocations revocations, TokenIssuer tokenIssuer, Consents consents, ApiKeys apiKeys,
        Lifecycle lifecycle, ClientSecrets clientSecrets, Usage usage, ConnectedApps connectedApps, SunsetPolicy sunsets, AppReview appReview,
        AccountAdministration accountAdministration, AppImport appImport) implements AutoCloseable {

    /** Opens and migrates the database and builds the services; the HTTP side is built by {@link #httpServer()}. */
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
        AuditLog audit = new AuditLog(database, stores.audit(), clock);
        // Every in-memory answer about credentials (bearer, client and introspection caches) hears of a change here.
        AccessChanges accessChanges = new AccessChanges();
        TokenAuth tokenAuth = new TokenAuth(database, stores.tokens(), stores.apiKeys(), clock);
        accessChanges.onChange(tokenAuth::clear);
        Ledger ledger = new Ledger(database, stores.ledger(), stores.accounts(), stores.plans(), stores.grants(), clock);
        Revocations revocations = new Revocations(database, stores.tokens(), clock, accessChanges::announce);
        Usage usage = new Usage(database, stores.ledger(), clock);
        AppRegistration appRegistration = new AppRegistration(database, stores.apps(), config.issuer(), clock);
        Lifecycle lifecycle = new Lifecycle(database, stores.settings(), clock);
        return new Wiring(config, clock, metrics, database, stores, passwords, audit,
                new AccountRegistration(database, stores.accounts(), stores.plans(), passwords, clock),
                new Plans(database, stores.plans(), audit, clock),
                appRegistration,
                ledger,
                accessChanges,
                tokenAuth,
                revocations,
                new TokenIssuer(stores.tokens(), clock, config.accessTokenTtl(), config.refreshTokenTtl()),
                new Consents(database, stores.grants(), audit, clock),
                new ApiKeys(database, stores.apiKeys(), accessChanges::announce, clock),
                lifecycle,
                new ClientSecrets(database, stores.apps(), audit, accessChanges::announce, clock),
                usage,
                new ConnectedApps(database, stores.grants(), stores.apps(), stores.accounts(), stores.tokens(), revocations, ledger, usage, audit, clock),
                new SunsetPolicy(lifecycle, clock),
                // Suspending an app or disabling an account drops this node's credential caches, like a revocation.
                new AppReview(database, stores.apps(), audit, accessChanges::announce, clock),
                new AccountAdministration(database, stores.accounts(), stores.plans(), stores.sessions(), audit, accessChanges::announce),
                new AppImport(database, appRegistration, stores.apps(), stores.accounts(), audit));
    }

    public HttpServer httpServer() {
        boolean secureCookies = config.issuer().startsWith("https://");
        Pages pages = new Pages();
        BrowserSession sessions = new BrowserSession(database, stores.sessions(), stores.accounts(), clock, secureCookies);
        ClientAuthenticator clients = new ClientAuthenticator(database, stores.apps(), clock);
        accessChanges.onChange(clients::forget);
        IntrospectionEndpoint introspection = new IntrospectionEndpoint(clients, database, stores.tokens(), clock, config.issuer(), sunsets);
        accessChanges.onChange(introspection::forget);
        TokenEndpoint token = new TokenEndpoint(clients, List.of(
                new AuthorizationCodeFlow(database, stores.codes(), stores.grants(), stores.tokens(), tokenIssuer, revocations, audit,
                        stores.accounts(), clock),
                new RefreshTokenFlow(database, stores.tokens(), stores.grants(), tokenIssuer, revocations, audit, clock, config.refreshGrace()),
                new DeviceCodeFlow(database, stores.deviceCodes(), stores.grants(), tokenIssuer, stores.accounts(), clock)));
        PageAccess access = new PageAccess(sessions, pages);
        OAuthRoutes oauth = new OAuthRoutes(
                new AuthorizeEndpoint(database, stores.apps(), stores.accounts(), consents, stores.codes(), tokenIssuer, sessions, ledger,
                        pages, clock, config.issuer(), config.codeTtl(), config.desktopTokenTtl(), config.legacyDesktopFlow()),
                token,
                new RevocationEndpoint(clients, database, stores.tokens(), revocations, audit),
                introspection,
                new MetadataEndpoint(config.issuer(), token.grantTypes(), config.legacyDesktopFlow()),
                new DeviceAuthorizationEndpoint(clients, database, stores.deviceCodes(), clock, config.issuer(), config.deviceCodeTtl()),
                pages);
        V2Endpoint v2 = new V2Endpoint(database, tokenAuth, stores.accounts(), stores.grants(), ledger, sunsets,
                dev.rowgate.api.v2.V2Prices.of(config.prices(), config.freeTargets()));
        List<HttpServer.RouteGroup> groups = new java.util.ArrayList<>(List.of(
                new BareHostRoutes(v2, config.apiHost()),
                new OperationsRoutes(database, metrics),
                new dev.rowgate.web.Assets(),
                new LoginRoutes(new Login(database, stores.accounts(), stores.throttle(), passwords, audit, clock), sessions, pages,
                        database, stores.apps(), secureCookies),
                oauth,
                new DeviceVerificationRoutes(database, stores.deviceCodes(), stores.apps(), consents, sessions, pages, clock),
                v2,
                new SignupRoutes(accountRegistration, sessions, lifecycle, audit, pages, secureCookies),
                new AccountRoutes(access, pages, database, stores.accounts(), connectedApps, apiKeys, stores.apiKeys(), ledger),
                new DeveloperRoutes(access, pages, database, stores.apps(), stores.grants(), appRegistration,
                        clientSecrets, usage, lifecycle, audit, config.issuer(),
                        config.legacyDesktopFlow(), clock)));
        groups.addAll(AdminConsole.routes(this, access, pages));
        return new HttpServer(config, metrics, groups);
    }

    public CleanupJob cleanupJob() {
        return new CleanupJob(database, stores.expiring(), clock, config.cleanupInterval(), config.cleanupRetention(),
                config.cleanupBatchSize(), metrics.registry(), jobRunner());
    }

    /** Recomputes the link-graph scores after link data changed (from any process). */
    public ScoresJob scoresJob() {
        PrecomputeJob answers = precomputeJob();
        return new ScoresJob(database, jobRunner(), clock, config.scoresInterval(), metrics.registry(), answers::runIfStale);
    }

    /** Precomputes the grouped v2 answers of the most linked targets once the scores of a load are computed. */
    public PrecomputeJob precomputeJob() {
        return new PrecomputeJob(database, jobRunner(), clock, config.precomputeLinks(), metrics.registry());
    }

    /** Runs background jobs on one node at a time: a PostgreSQL advisory lock, or a lease row on SQLite. */
    public JobRunner jobRunner() {
        return new JobRunner(JobLock.forDatabase(database, clock), metrics.registry());
    }

    @Override
    public void close() {
        database.close();
    }
}
