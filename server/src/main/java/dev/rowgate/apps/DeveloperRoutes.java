package dev.rowgate.apps;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.BrowserSession;
import dev.rowgate.accounts.PageAccess;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.grants.GrantStore;
import dev.rowgate.ledger.Usage;
import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import dev.rowgate.web.Form;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The developer portal (issue 4, "Integration developers"): {@code /developer} lists the signed-in developer's apps
 * with their invitation URLs; {@code /developer/apps/new} submits one (for review, unless the operator turned on
 * auto-approval; replaced by the operator's message while submissions are closed); {@code /developer/apps/{id}}
 * shows one with its secrets, usage and code samples, and rotates its secret. Another developer's app is 404.
 */
public final class DeveloperRoutes implements HttpServer.RouteGroup {

    static final int USAGE_DAYS = 30;

    private final PageAccess access;
    private final Pages pages;
    private final Database database;
    private final AppStore apps;
    private final GrantStore grants;
    private final AppRegistration registration;
    private final ClientSecrets secrets;
    private final Usage usage;
    private final Lifecycle lifecycle;
    private final AuditLog audit;
    private final String issuer;
    private final boolean legacyDesktopDefault;
    private final java.time.Clock clock;

    public DeveloperRoutes(PageAccess access, Pages pages, Database database, AppStore apps, GrantStore grants, AppRegistration registration,
            ClientSecrets secrets, Usage usage, Lifecycle lifecycle, AuditLog audit, String issuer, boolean legacyDesktopDefault,
            java.time.Clock clock) {
        this.access = Objects.requireNonNull(access, "access");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.database = Objects.requireNonNull(database, "database");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.registration = Objects.requireNonNull(registration, "registration");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.legacyDesktopDefault = legacyDesktopDefault;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/developer", this::list);
        routes.get("/developer/apps/new", this::newForm);
        routes.post("/developer/apps", this::submit);
        routes.get("/developer/apps/{id}", this::show);
        routes.post("/developer/apps/{id}/secrets", this::rotate);
    }

    private void list(Context ctx) {
        access.signedIn(ctx).ifPresent(s -> {
            List<DeveloperPages.Listed> mine = database.read((Tx tx) -> apps.listByOwner(tx, s.account().id())).stream()
                    .map(a -> new DeveloperPages.Listed(a, InvitationUrl.of(issuer, a))).toList();
            String notice = "rotated".equals(ctx.queryParam("done")) ? "The secret was rotated." : null;
            pages.render(ctx, 200, "developer.jte", new DeveloperPages.AppsList(PageAccess.nav(s), mine, lifecycle.submissions(), notice, issuer));
        });
    }

    private void newForm(Context ctx) {
        access.signedIn(ctx).ifPresent(s -> renderForm(ctx, 200, s, Map.of("type", "web"), null));
    }

    private void renderForm(Context ctx, int status, BrowserSession.SignedIn s, Map<String, String> values, String error) {
        pages.render(ctx, status, "developer-new.jte", new DeveloperPages.NewApp(PageAccess.nav(s), lifecycle.submissions(), values, error,
                lifecycle.autoApprove(), issuer));
    }

    private void submit(Context ctx) {
        Form form = Form.body(ctx);
        access.signedInForm(ctx, form).ifPresent(s -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (String field : List.of("name", "description", "type", "redirect_uris", "website", "logo_url")) {
                String v = form.optional(field);
                if (v != null) values.put(field, v);
            }
            // integration-protocol.md, Lifecycle: closed submissions refuse new apps; existing ones keep working.
            if (!lifecycle.submissions().open()) {
                renderForm(ctx, 403, s, values, null);
                return;
            }
            AppRegistration.Registered registered;
            try {
                registered = registration.register(new AppRegistration.Request(values.get("name"), Objects.requireNonNullElse(values.get("description"), "").strip(),
                        type(values.get("type")), redirectUris(values.get("redirect_uris")), null, null, s.account().id(), lifecycle.autoApprove(),
                        webUrl("website", values.get("website")), webUrl("logo URL", values.get("logo_url"))));
            } catch (InvalidInputException e) {
                renderForm(ctx, 400, s, values, e.getMessage());
                return;
            }
            audit.record("app.submitted", s.account().id(), registered.app().id(), ctx.ip(),
                    Map.of("client_id", registered.app().clientId(), "status", registered.app().status().name().toLowerCase(java.util.Locale.ROOT)));
            renderApp(ctx, 201, s, registered.app(), registered.clientSecret(), "Your app is registered."
                    + (registered.app().status() == App.Status.APPROVED ? "" : " It works once an operator approves it."), null);
        });
    }

    private Optional<App> mine(Context ctx, BrowserSession.SignedIn s) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return database.read((Tx tx) -> apps.findById(tx, id)).filter(a -> Objects.equals(a.ownerAccountId(), s.account().id()));
    }

    private void show(Context ctx) {
        access.signedIn(ctx).ifPresent(s -> mine(ctx, s).ifPresentOrElse(
                app -> renderApp(ctx, 200, s, app, null, null, null),
                () -> access.notFound(ctx, "This app")));
    }

    /** RFC 6749 §2.3.1 secrets, rotated with an overlap the developer picks (field {@code old_secret_hours}). */
    private void rotate(Context ctx) {
        Form form = Form.body(ctx);
        access.signedInForm(ctx, form).ifPresent(s -> mine(ctx, s).ifPresentOrElse(app -> {
            try {
                Duration overlap = Duration.ofHours(hours(form.optional("old_secret_hours")));
                String secret = secrets.rotate(app, overlap, s.account().id(), ctx.ip());
                renderApp(ctx, 200, s, app, secret, overlap.isZero() ? "New secret issued; the old one stopped working."
                        : "New secret issued; the old one keeps working until the time shown below.", null);
            } catch (InvalidInputException e) {
                renderApp(ctx, 400, s, app, null, null, e.getMessage());
            }
        }, () -> access.notFound(ctx, "This app")));
    }

    private void renderApp(Context ctx, int status, BrowserSession.SignedIn s, App app, String newSecret, String notice, String error) {
        long users = database.read((Tx tx) -> grants.countActiveByApp(tx, app.id()));
        boolean legacy = app.type() == App.Type.DESKTOP && (app.legacyTokenFlow() != null ? app.legacyTokenFlow() : legacyDesktopDefault);
        pages.render(ctx, status, "developer-app.jte", new DeveloperPages.AppDetail(PageAccess.nav(s), app, InvitationUrl.of(issuer, app),
                app.type().confidential() ? secrets.list(app.id()) : List.of(), newSecret, usage.byApp(app.id(), USAGE_DAYS), users, legacy,
                issuer, clock.millis(), notice, error));
    }

    static App.Type type(String value) {
        if ("web".equals(value)) return App.Type.WEB;
        if ("desktop".equals(value)) return App.Type.DESKTOP;
        throw new InvalidInputException("type: choose web or desktop");
    }

    /** One redirect URI per line (or separated by spaces); blank lines ignored. */
    static List<String> redirectUris(String value) {
        if (value == null) return List.of();
        return Arrays.stream(value.split("\\s+")).filter(v -> !v.isEmpty()).toList();
    }

    /** Website and logo: optional, and when given an https URL (never javascript: or data: links on a page). */
    static String webUrl(String label, String value) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        java.net.URI uri;
        try {
            uri = new java.net.URI(v);
        } catch (java.net.URISyntaxException e) {
            throw new InvalidInputException(label + ": not a valid URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || v.length() > 2000) {
            throw new InvalidInputException(label + ": must be an https:// URL");
        }
        return v;
    }

    static long hours(String value) {
        if (value == null || value.isBlank()) return 24;
        try {
            long h = Long.parseLong(value.strip());
            if (h < 0 || h > ClientSecrets.MAX_OVERLAP.toHours()) throw new NumberFormatException();
            return h;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("old secret: keep it working for 0 to " + ClientSecrets.MAX_OVERLAP.toHours() + " hours");
        }
    }
}
