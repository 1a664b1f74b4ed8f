package dev.rowgate.apps;

import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.ledger.Usage;
import dev.rowgate.web.Nav;
import java.util.List;
import java.util.Map;

/** Models of the developer portal's templates (developer*.jte). */
public final class DeveloperPages {

    private DeveloperPages() {}

    /** An app as the apps list shows it, with its invitation URL (integration-protocol.md, "Apps list"). */
    public record Listed(App app, String invitationUrl) {}

    /** developer.jte: the developer's apps and whether new submissions are open. */
    public record AppsList(Nav nav, List<Listed> apps, Lifecycle.Submissions submissions, String notice, String issuer) {}

    /** developer-new.jte: the submission form, with the values typed so far and the problem, if any. */
    public record NewApp(Nav nav, Lifecycle.Submissions submissions, Map<String, String> values, String error, boolean autoApprove, String issuer) {
        public String value(String name) {
            return values.getOrDefault(name, "");
        }
    }

    /**
     * developer-app.jte: one app. newSecret is a secret just issued (at creation or rotation), shown in this response
     * only; legacyTokenFlow says whether this desktop app may still receive tokens in its callback URL.
     */
    public record AppDetail(
            Nav nav, App app, String invitationUrl, List<AppStore.Secret> secrets, String newSecret, Usage.Daily usage,
            long users, boolean legacyTokenFlow, String issuer, long now, String notice, String error) {}
}
