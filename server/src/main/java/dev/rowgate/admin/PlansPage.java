package dev.rowgate.admin;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.BrowserSession;
import dev.rowgate.accounts.PageAccess;
import dev.rowgate.audit.Actor;
import dev.rowgate.ledger.Plan;
import dev.rowgate.ledger.PlanStore;
import dev.rowgate.ledger.Plans;
import dev.rowgate.store.Database;
import dev.rowgate.web.Form;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Nav;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Objects;

/** {@code /admin/plans}: every plan with its allowances, editable in place, and a form for a new one ({@link Plans}). */
public final class PlansPage implements HttpServer.RouteGroup {

    /** The new-plan form as typed, kept when it is shown again with a problem. */
    public record NewPlan(String name, String integrationRows, String apiRows) {
        static final NewPlan EMPTY = new NewPlan("", "", "");
    }

    public record Model(Nav nav, String csrf, List<Plan> plans, NewPlan form, String notice, String error) {}

    private final Database database;
    private final PlanStore store;
    private final Plans plans;
    private final PageAccess access;
    private final Pages pages;

    PlansPage(Database database, PlanStore store, Plans plans, PageAccess access, Pages pages) {
        this.database = Objects.requireNonNull(database, "database");
        this.store = Objects.requireNonNull(store, "store");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.access = Objects.requireNonNull(access, "access");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/plans", this::list);
        routes.post("/admin/plans", this::create);
        routes.post("/admin/plans/{id}", this::update);
    }

    private void list(Context ctx) {
        var admin = access.admin(ctx);
        if (admin.isEmpty()) return;
        String done = ctx.queryParam("done");
        String notice = "created".equals(done) ? "Plan created." : "updated".equals(done) ? "Plan updated." : null;
        render(ctx, 200, admin.get(), NewPlan.EMPTY, notice, null);
    }

    private void create(Context ctx) {
        Form form = Form.body(ctx);
        var admin = access.adminForm(ctx, form);
        if (admin.isEmpty()) return;
        NewPlan typed = new NewPlan(orEmpty(form.optional("name")), orEmpty(form.optional("integration_rows")), orEmpty(form.optional("api_rows")));
        try {
            plans.add(typed.name(), rows("integration rows", typed.integrationRows()), rows("API rows", typed.apiRows()), Plan.Period.MONTHLY,
                    Actor.admin(admin.get().account().id(), ctx.ip()));
        } catch (InvalidInputException e) {
            render(ctx, 400, admin.get(), typed, null, e.getMessage());
            return;
        }
        ctx.redirect("/admin/plans?done=created", HttpStatus.SEE_OTHER);
    }

    private void update(Context ctx) {
        Form form = Form.body(ctx);
        var admin = access.adminForm(ctx, form);
        if (admin.isEmpty()) return;
        Long id = AppsPage.parseId(ctx.pathParam("id"));
        if (id == null || database.read(tx -> store.findById(tx, id)).isEmpty()) {
            access.notFound(ctx, "This plan");
            return;
        }
        try {
            plans.update(id, rows("integration rows", orEmpty(form.optional("integration_rows"))), rows("API rows", orEmpty(form.optional("api_rows"))),
                    Actor.admin(admin.get().account().id(), ctx.ip()));
        } catch (InvalidInputException e) {
            render(ctx, 400, admin.get(), NewPlan.EMPTY, null, e.getMessage());
            return;
        }
        ctx.redirect("/admin/plans?done=updated", HttpStatus.SEE_OTHER);
    }

    /** A whole number of rows, 0 or more, as typed (thousands separators allowed). */
    static long rows(String field, String typed) {
        String t = typed.strip().replace(",", "").replace("_", "").replace(" ", "");
        if (t.isEmpty()) throw new InvalidInputException(field + ": give a whole number of rows, 0 or more");
        try {
            long n = Long.parseLong(t);
            if (n < 0) throw new InvalidInputException(field + ": must be 0 or more");
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field + ": \"" + typed + "\" is not a whole number");
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private void render(Context ctx, int code, BrowserSession.SignedIn admin, NewPlan form, String notice, String error) {
        pages.render(ctx, code, "admin/plans.jte", new Model(PageAccess.nav(admin), admin.session().csrfToken(), database.read(store::list), form,
                notice, error));
    }
}
