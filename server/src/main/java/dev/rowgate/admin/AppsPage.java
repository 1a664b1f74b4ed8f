package dev.rowgate.admin;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.AccountStore;
import dev.rowgate.accounts.BrowserSession;
import dev.rowgate.accounts.PageAccess;
import dev.rowgate.apps.App;
import dev.rowgate.apps.AppReview;
import dev.rowgate.apps.AppStore;
import dev.rowgate.audit.Actor;
import dev.rowgate.store.Database;
import dev.rowgate.web.Form;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Nav;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code /admin/apps}: the review queue (pending apps by default) and every app by status, with the actions each
 * status allows: approve, reject, suspend, reinstate ({@link AppReview}). After an action the browser comes back to
 * the list it was on (POST, redirect, GET), with a line saying what was done.
 */
public final class AppsPage implements HttpServer.RouteGroup {

    static final List<String> FILTERS = List.of("pending", "approved", "suspended", "rejected", "all");

    public record Row(App app, String ownerEmail, List<AppReview.Action> actions) {}

    public record Model(Nav nav, String csrf, String status, List<String> filters, List<Row> apps, String notice, String error) {}

    private final Database database;
    private final AppStore apps;
    private final AccountStore accounts;
    private final AppReview review;
    private final PageAccess access;
    private final Pages pages;

    AppsPage(Database database, AppStore apps, AccountStore accounts, AppReview review, PageAccess access, Pages pages) {
        this.database = Objects.requireNonNull(database, "database");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.review = Objects.requireNonNull(review, "review");
        this.access = Objects.requireNonNull(access, "access");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/apps", this::list);
        routes.post("/admin/apps/{id}/{action}", this::act);
    }

    private void list(Context ctx) {
        var admin = access.admin(ctx);
        if (admin.isEmpty()) return;
        String status = filter(ctx.queryParam("status"));
        String notice = null;
        AppReview.Action done = AppReview.Action.byKey(String.valueOf(ctx.queryParam("done"))).orElse(null);
        Long appId = parseId(ctx.queryParam("app"));
        if (done != null && appId != null) {
            notice = database.read(tx -> apps.findById(tx, appId)).map(a -> "App \u201c" + a.name() + "\u201d (" + a.clientId() + ") "
                    + AppReview.past(done) + ".").orElse(null);
        }
        render(ctx, 200, admin.get(), status, notice, null);
    }

    private void act(Context ctx) {
        Form form = Form.body(ctx);
        var admin = access.adminForm(ctx, form);
        if (admin.isEmpty()) return;
        String status = filter(form.optional("status"));
        Long id = parseId(ctx.pathParam("id"));
        AppReview.Action action = AppReview.Action.byKey(ctx.pathParam("action")).orElse(null);
        if (id == null || action == null || database.read(tx -> apps.findById(tx, id)).isEmpty()) {
            access.notFound(ctx, "This app or action");
            return;
        }
        try {
            review.apply(id, action, Actor.admin(admin.get().account().id(), ctx.ip()));
        } catch (InvalidInputException e) {
            render(ctx, 409, admin.get(), status, null, e.getMessage());
            return;
        }
        ctx.redirect("/admin/apps?status=" + status + "&done=" + action.key() + "&app=" + id, HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int code, BrowserSession.SignedIn admin, String status, String notice, String error) {
        List<Row> rows = database.read(tx -> {
            List<App> found = status.equals("all") ? apps.list(tx) : apps.listByStatus(tx, App.Status.valueOf(status.toUpperCase(Locale.ROOT)));
            List<Row> out = new ArrayList<>();
            for (App a : found) {
                String owner = a.ownerAccountId() == null ? null : accounts.findById(tx, a.ownerAccountId()).map(Account::email).orElse(null);
                out.add(new Row(a, owner, Arrays.stream(AppReview.Action.values()).filter(x -> x.allowedFrom(a.status())).toList()));
            }
            return out;
        });
        pages.render(ctx, code, "admin/apps.jte", new Model(PageAccess.nav(admin), admin.session().csrfToken(), status, FILTERS, rows,
                notice, error));
    }

    private static String filter(String status) {
        return status != null && FILTERS.contains(status) ? status : "pending";
    }

    static Long parseId(String s) {
        if (s == null || s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) return null;
        return Long.parseLong(s);
    }
}
