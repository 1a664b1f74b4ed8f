package dev.rowgate.accounts;

import dev.rowgate.InvalidInputException;
import dev.rowgate.grants.ConnectedApps;
import dev.rowgate.grants.Consents;
import dev.rowgate.ledger.Allowance;
import dev.rowgate.ledger.Ledger;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import dev.rowgate.web.Dates;
import dev.rowgate.web.Form;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Objects;

/**
 * The user's own pages (issue 4, "Users"): {@code GET /account} (plan, rows left, connected apps with caps, usage
 * charts and Revoke, personal API keys) and its forms. Every action is on the signed-in account only: another
 * user's grant or key id answers 404, like one that does not exist.
 */
public final class AccountRoutes implements HttpServer.RouteGroup {

    private final PageAccess access;
    private final Pages pages;
    private final Database database;
    private final AccountStore accounts;
    private final ConnectedApps connectedApps;
    private final ApiKeys apiKeys;
    private final ApiKeyStore keyStore;
    private final Ledger ledger;

    public AccountRoutes(PageAccess access, Pages pages, Database database, AccountStore accounts, ConnectedApps connectedApps,
            ApiKeys apiKeys, ApiKeyStore keyStore, Ledger ledger) {
        this.access = Objects.requireNonNull(access, "access");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.database = Objects.requireNonNull(database, "database");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.connectedApps = Objects.requireNonNull(connectedApps, "connectedApps");
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/account", this::show);
        routes.post("/account/grants/{id}/cap", this::setCap);
        routes.post("/account/grants/{id}/revoke", this::revoke);
        routes.post("/account/keys", this::createKey);
        routes.post("/account/keys/{id}/revoke", this::revokeKey);
    }

    private void show(Context ctx) {
        access.signedIn(ctx).ifPresent(s -> render(ctx, 200, s, null, null, notice(ctx.queryParam("done"))));
    }

    /** Notices after a redirect (POST, then 303 to GET /account): fixed texts only, never echoed input. */
    private static String notice(String done) {
        if (done == null) return null;
        return switch (done) {
            case "cap" -> "The app's monthly cap is saved.";
            case "revoked" -> "The app is disconnected: its tokens no longer work.";
            case "key-revoked" -> "The API key is revoked.";
            default -> null;
        };
    }

    private void setCap(Context ctx) {
        Form form = Form.body(ctx);
        access.signedInForm(ctx, form).ifPresent(s -> {
            Long cap;
            try {
                cap = Consents.parseCap(form.optional("cap"));
            } catch (InvalidInputException e) {
                render(ctx, 400, s, null, e.getMessage(), null);
                return;
            }
            if (!connectedApps.setCap(s.account(), id(ctx), cap, ctx.ip())) {
                access.notFound(ctx, "This connected app");
                return;
            }
            ctx.redirect("/account?done=cap#apps", HttpStatus.SEE_OTHER);
        });
    }

    private void revoke(Context ctx) {
        Form form = Form.body(ctx);
        access.signedInForm(ctx, form).ifPresent(s -> {
            if (!connectedApps.revoke(s.account(), id(ctx), ctx.ip())) {
                access.notFound(ctx, "This connected app");
                return;
            }
            ctx.redirect("/account?done=revoked#apps", HttpStatus.SEE_OTHER);
        });
    }

    /** The new key is shown in this response only (200, no redirect: it must not sit in a URL or a later page). */
    private void createKey(Context ctx) {
        Form form = Form.body(ctx);
        access.signedInForm(ctx, form).ifPresent(s -> {
            try {
                ApiKeys.Created created = apiKeys.create(s.account().id(), form.optional("name"));
                render(ctx, 200, s, new AccountPage.NewKey(created.key().name(), created.secret()), null, null);
            } catch (InvalidInputException e) {
                render(ctx, 400, s, null, "API key " + e.getMessage(), null);
            }
        });
    }

    private void revokeKey(Context ctx) {
        Form form = Form.body(ctx);
        access.signedInForm(ctx, form).ifPresent(s -> {
            if (!apiKeys.revoke(s.account().id(), id(ctx))) {
                access.notFound(ctx, "This API key");
                return;
            }
            ctx.redirect("/account?done=key-revoked#keys", HttpStatus.SEE_OTHER);
        });
    }

    /** A path id; anything but a positive number is an id that exists nowhere. */
    static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void render(Context ctx, int status, BrowserSession.SignedIn s, AccountPage.NewKey newKey, String error, String notice) {
        // The session's copy of the account may be older than its plan: read it again.
        Account account = database.read((Tx tx) -> accounts.findById(tx, s.account().id())).orElse(s.account());
        Ledger.Standing integration = ledger.standing(account, Allowance.INTEGRATION);
        Ledger.Standing api = ledger.standing(account, Allowance.API);
        List<AccountPage.AllowanceLine> allowances = List.of(
                new AccountPage.AllowanceLine("Integration rows (apps you authorize)", integration.limit(), integration.used(),
                        Math.max(0, integration.limit() - integration.used())),
                new AccountPage.AllowanceLine("API rows (your personal API keys)", api.limit(), api.used(), Math.max(0, api.limit() - api.used())));
        List<ApiKey> keys = database.read((Tx tx) -> keyStore.listByAccount(tx, account.id())).stream().filter(k -> k.revokedAt() == null).toList();
        pages.render(ctx, status, "account.jte", new AccountPage(PageAccess.nav(s), account.email(), integration.planName(),
                Dates.minute(integration.periodEnd()), allowances, connectedApps.of(account), keys, newKey, error, notice));
    }
}
