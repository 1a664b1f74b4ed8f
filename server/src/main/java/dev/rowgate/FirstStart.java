package dev.rowgate;

import dev.rowgate.accounts.Account;
import dev.rowgate.apps.App;
import dev.rowgate.apps.InvitationUrl;
import dev.rowgate.ledger.Plan;
import dev.rowgate.linkdata.Loader;
import dev.rowgate.linkdata.SampleWeb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.DuplicateKeyException;
import java.util.List;
import java.util.Optional;

/**
 * On an empty database, creates what a newcomer needs to try Rowgate at once: an admin account, a demo user on a
 * demo plan, and an approved demo web app. The passwords and the client secret are random, returned once to be
 * printed on the console, and stored only as hashes. Seeding is one transaction; when several nodes start on one
 * empty PostgreSQL database at once, one seeds and the others find the data there.
 */
final class FirstStart {

    static final String ADMIN_EMAIL = "admin@rowgate.local";
    static final String DEMO_EMAIL = "demo@rowgate.local";
    static final String DEMO_PLAN = "Demo";
    static final String DEMO_CLIENT_ID = "rowgate-demo";
    /** Where the SDK's example web app listens; a loopback http URI is allowed for development (RFC 8252 §7.3). */
    static final String DEMO_REDIRECT_URI = "http://127.0.0.1:9000/callback";

    /** Pages of the synthetic sample loaded on an empty database, so the demo has data at once. */
    static final int SAMPLE_PAGES = 500;

    record Credentials(String adminEmail, String adminPassword, String demoEmail, String demoPassword, Plan plan,
            String clientId, String clientSecret, String invitationUrl, String sampleTarget) {

        String banner() {
            return """

                    Rowgate first start: created demo data. These secrets are shown once; note them now.
                      admin:     %s  password %s
                      demo user: %s  password %s
                                 plan "%s": %d integration rows and %d API rows a month
                      demo app:  client_id %s  client_secret %s
                                 invitation URL (append &state=...):
                                 %s
                      sample:    a synthetic web of %d pages (*.example); try target=%s
                    """.formatted(adminEmail, adminPassword, demoEmail, demoPassword, plan.name(), plan.integrationRows(),
                    plan.apiRows(), clientId, clientSecret, invitationUrl, SAMPLE_PAGES, sampleTarget);
        }
    }

    private FirstStart() {}

    /** Seeds an empty database; empty when there was data already (or another node seeded first). */
    static Optional<Credentials> seedIfEmpty(Wiring w) {
        if (w.database().read(tx -> w.stores().accounts().count(tx)) > 0) return Optional.empty();
        String adminPassword = Secrets.newOpaque().substring(0, 20);
        String demoPassword = Secrets.newOpaque().substring(0, 20);
        String clientSecret = Secrets.newOpaque();
        String adminHash = w.passwords().hash(adminPassword);
        String demoHash = w.passwords().hash(demoPassword);
        long now = w.clock().millis();
        Optional<Credentials> seeded;
        try {
            seeded = w.database().inTransaction(tx -> {
                if (w.stores().accounts().count(tx) > 0) return Optional.<Credentials>empty();
                var stores = w.stores();
                long planId = stores.plans().findByName(tx, DEMO_PLAN).map(Plan::id)
                        .orElseGet(() -> stores.plans().insert(tx, new Plan.New(DEMO_PLAN, 100_000, 10_000, Plan.Period.MONTHLY, now)));
                long adminId = stores.accounts().insert(tx, new Account.New(ADMIN_EMAIL, adminHash, Account.Role.ADMIN, null, null, now));
                stores.accounts().insert(tx, new Account.New(DEMO_EMAIL, demoHash, Account.Role.USER, planId, now, now));
                long appId = stores.apps().insert(tx, new App.New(DEMO_CLIENT_ID, "Rowgate Demo",
                        "The demo web app created at first start", App.Type.WEB, adminId, App.Status.APPROVED, null, null,
                        List.of(DEMO_REDIRECT_URI), now));
                stores.apps().addSecret(tx, appId, Secrets.hash(clientSecret), now, null);
                App app = stores.apps().findById(tx, appId).orElseThrow();
                Plan plan = stores.plans().findById(tx, planId).orElseThrow();
                return Optional.of(new Credentials(ADMIN_EMAIL, adminPassword, DEMO_EMAIL, demoPassword, plan, DEMO_CLIENT_ID,
                        clientSecret, InvitationUrl.of(w.config().issuer(), app), null));
            });
        } catch (DuplicateKeyException e) {
            return Optional.empty(); // another node seeded between our check and our insert
        }
        if (seeded.isEmpty()) return seeded;
        return Optional.of(withSample(w, seeded.get()));
    }

    /** Loads the synthetic sample; the demo data stands even if this fails (it is logged and skipped). */
    private static Credentials withSample(Wiring w, Credentials c) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("rowgate-sample-");
            SampleWeb.Summary sample = SampleWeb.write(folder, SAMPLE_PAGES, 1);
            new Loader(w.database(), w.stores().linkData()).load(List.of(sample.pagesFile(), sample.linksFile()), null);
            w.scoresJob().runIfStale(); // under the job lock, and recorded, so the server does not score it again
            return new Credentials(c.adminEmail(), c.adminPassword(), c.demoEmail(), c.demoPassword(), c.plan(), c.clientId(), c.clientSecret(),
                    c.invitationUrl(), sample.exampleTarget());
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(FirstStart.class).warn("first start: the sample data was not loaded: {}", e.getMessage());
            return c;
        } finally {
            if (folder != null) {
                try (var files = Files.list(folder)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                    Files.deleteIfExists(folder);
                } catch (IOException ignored) {
                    // a leftover temp folder is harmless
                }
            }
        }
    }
}
