package dev.rowgate.admin;

import dev.rowgate.accounts.AccountStore;
import dev.rowgate.accounts.PageAccess;
import dev.rowgate.apps.App;
import dev.rowgate.apps.AppStore;
import dev.rowgate.grants.GrantStore;
import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.store.Database;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Nav;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@code GET /admin}: what needs the operator (apps waiting for review), the totals, and the lifecycle switches. */
public final class DashboardPage implements HttpServer.RouteGroup {

    /** One access path's sunset line: null sunset when none is set. */
    public record SunsetLine(String label, String sunset, boolean passed) {}

    public record Model(Nav nav, long pendingApps, long users, long activeGrants, Lifecycle.Submissions submissions,
            boolean autoApprove, boolean signupOpen, List<SunsetLine> sunsets) {}

    private final Database database;
    private final AppStore apps;
    private final AccountStore accounts;
    private final GrantStore grants;
    private final Lifecycle lifecycle;
    private final java.time.Clock clock;
    private final PageAccess access;
    private final Pages pages;

    DashboardPage(Database database, AppStore apps, AccountStore accounts, GrantStore grants, Lifecycle lifecycle, java.time.Clock clock,
            PageAccess access, Pages pages) {
        this.database = Objects.requireNonNull(database, "database");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.access = Objects.requireNonNull(access, "access");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin", this::show);
    }

    private void show(Context ctx) {
        var admin = access.admin(ctx);
        if (admin.isEmpty()) return;
        long[] counts = database.read(tx -> new long[] {apps.countByStatus(tx, App.Status.PENDING), accounts.count(tx), grants.countActive(tx)});
        List<SunsetLine> sunsets = new ArrayList<>();
        for (Lifecycle.AccessPath p : Lifecycle.AccessPath.values()) {
            var s = lifecycle.sunset(p);
            sunsets.add(new SunsetLine(p.label(), s.map(x -> Format.time(x.sunsetAt())).orElse(null),
                    s.map(x -> x.passed(clock.instant())).orElse(false)));
        }
        pages.render(ctx, 200, "admin/dashboard.jte", new Model(PageAccess.nav(admin.get()), counts[0], counts[1], counts[2],
                lifecycle.submissions(), lifecycle.autoApprove(), lifecycle.signupOpen(), sunsets));
    }
}
