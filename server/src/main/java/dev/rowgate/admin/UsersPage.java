package dev.rowgate.admin;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.AccountAdministration;
import dev.rowgate.accounts.AccountStore;
import dev.rowgate.accounts.ApiKeyStore;
import dev.rowgate.accounts.BrowserSession;
import dev.rowgate.accounts.PageAccess;
import dev.rowgate.apps.App;
import dev.rowgate.apps.AppStore;
import dev.rowgate.audit.Actor;
import dev.rowgate.grants.Grant;
import dev.rowgate.grants.GrantStore;
import dev.rowgate.ledger.Allowance;
import dev.rowgate.ledger.Ledger;
import dev.rowgate.ledger.Plan;
import dev.rowgate.ledger.PlanStore;
import dev.rowgate.store.Database;
import dev.rowgate.web.Form;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Nav;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code /admin/users}: find accounts by a part of their email; one account's plan, usage this period, grants (app,
 * cap, rows used this period) and keys; change the plan; disable or enable ({@link AccountAdministration}).
 */
public final class UsersPage implements HttpServer.RouteGroup {

    static final int PAGE = 50;

    public record ListModel(Nav nav, String query, List<Account> accounts, int page, boolean more) {}

    public record GrantRow(Grant grant, App app, long usedThisPeriod) {}

    public record DetailModel(Nav nav, String csrf, Account account, String planName, Ledger.Standing integration, Ledger.Standing api,
            List<GrantRow> grants, int activeKeys, List<Plan> plans, boolean self, String notice, String error) {}

    private final Database database;
    private final AccountStore accounts;
    private final PlanStore plans;
    private final GrantStore grants;
    private final AppStore apps;
    private final ApiKeyStore apiKeys;
    private final Ledger ledger;
    private final AccountAdministration administration;
    private final PageAccess access;
    private final Pages pages;

    UsersPage(Database database, AccountStore accounts, PlanStore plans, GrantStore grants, AppStore apps, ApiKeyStore apiKeys, Ledger ledger,
            AccountAdministration administration, PageAccess access, Pages pages) {
        this.database = Objects.requireNonNull(database, "database");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.administration = Objects.requireNonNull(administration, "administration");
        this.access = Objects.requireNonNull(access, "access");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/users", this::list);
        routes.get("/admin/users/{id}", this::show);
        routes.post("/admin/users/{id}/status", this::status);
        routes.post("/admin/users/{id}/plan", this::plan);
    }

    private void list(Context ctx) {
        var admin = access.admin(ctx);
        if (admin.isEmpty()) return;
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        if (q.length() > 254) q = q.substring(0, 254);
        Long page = AppsPage.parseId(ctx.queryParam("page"));
        int p = page == null || page < 1 || page > 100_000 ? 1 : page.intValue();
        String query = q;
        List<Account> found = database.read(tx -> accounts.search(tx, query, PAGE + 1, (p - 1) * PAGE));
        boolean more = found.size() > PAGE;
        pages.render(ctx, 200, "admin/users.jte", new ListModel(PageAccess.nav(admin.get()), q, more ? found.subList(0, PAGE) : found, p, more));
    }

    private void show(Context ctx) {
        var admin = access.admin(ctx);
        if (admin.isEmpty()) return;
        Long id = AppsPage.parseId(ctx.pathParam("id"));
        String done = ctx.queryParam("done");
        String notice = done == null ? null : switch (done) {
            case "disabled" -> "Account disabled: its sessions, tokens and keys stopped working.";
            case "enabled" -> "Account enabled: its tokens and keys work again.";
            case "plan" -> "Plan changed.";
            default -> null;
        };
        render(ctx, 200, admin.get(), id, notice, null);
    }

    private void status(Context ctx) {
        Form form = Form.body(ctx);
        var admin = access.adminForm(ctx, form);
        if (admin.isEmpty()) return;
        Long id = AppsPage.parseId(ctx.pathParam("id"));
        String value = form.optional("status");
        Account.Status status = "disabled".equals(value) ? Account.Status.DISABLED : "active".equals(value) ? Account.Status.ACTIVE : null;
        if (status == null) {
            render(ctx, 400, admin.get(), id, null, "status: must be active or disabled");
            return;
        }
        if (!exists(id)) {
            access.notFound(ctx, "This account");
            return;
        }
        try {
            administration.setStatus(id, status, Actor.admin(admin.get().account().id(), ctx.ip()));
        } catch (InvalidInputException e) {
            render(ctx, 400, admin.get(), id, null, e.getMessage());
            return;
        }
        ctx.redirect("/admin/users/" + id + "?done=" + (status == Account.Status.DISABLED ? "disabled" : "enabled"), HttpStatus.SEE_OTHER);
    }

    private void plan(Context ctx) {
        Form form = Form.body(ctx);
        var admin = access.adminForm(ctx, form);
        if (admin.isEmpty()) return;
        Long id = AppsPage.parseId(ctx.pathParam("id"));
        if (!exists(id)) {
            access.notFound(ctx, "This account");
            return;
        }
        String plan = form.optional("plan");
        try {
            administration.setPlan(id, plan == null || plan.isBlank() ? null : plan, Actor.admin(admin.get().account().id(), ctx.ip()));
        } catch (InvalidInputException e) {
            render(ctx, 400, admin.get(), id, null, e.getMessage());
            return;
        }
        ctx.redirect("/admin/users/" + id + "?done=plan", HttpStatus.SEE_OTHER);
    }

    private boolean exists(Long id) {
        return id != null && database.read(tx -> accounts.findById(tx, id)).isPresent();
    }

    private void render(Context ctx, int code, BrowserSession.SignedIn admin, Long id, String notice, String error) {
        Account account = id == null ? null : database.read(tx -> accounts.findById(tx, id)).orElse(null);
        if (account == null) {
            access.notFound(ctx, "This account");
            return;
        }
        String planName = account.planId() == null ? null : database.read(tx -> plans.findById(tx, account.planId())).map(Plan::name).orElse(null);
        List<GrantRow> rows = new ArrayList<>();
        for (Grant g : database.read(tx -> grants.listByAccount(tx, account.id()))) {
            if (!g.active()) continue;
            App app = database.read(tx -> apps.findById(tx, g.appId())).orElse(null);
            rows.add(new GrantRow(g, app, ledger.grantUsed(account, g.id())));
        }
        int keys = (int) database.read(tx -> apiKeys.listByAccount(tx, account.id())).stream().filter(k -> k.revokedAt() == null).count();
        pages.render(ctx, code, "admin/user.jte", new DetailModel(PageAccess.nav(admin), admin.session().csrfToken(), account, planName,
                ledger.standing(account, Allowance.INTEGRATION), ledger.standing(account, Allowance.API), rows, keys,
                database.read(plans::list), admin.account().id() == account.id(), notice, error));
    }
}
