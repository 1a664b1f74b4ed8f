package dev.rowgate.admin;

import dev.rowgate.Wiring;
import dev.rowgate.accounts.PageAccess;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Pages;
import java.util.List;

/**
 * The operator console at {@code /admin} (issue 4): one page class per part, each with its own routes, all behind
 * {@link PageAccess#admin} (GET) and {@link PageAccess#adminForm} (POST: session, CSRF token, admin role).
 */
public final class AdminConsole {

    private AdminConsole() {}

    public static List<HttpServer.RouteGroup> routes(Wiring w, PageAccess access, Pages pages) {
        return List.of(
                new DashboardPage(w.database(), w.stores().apps(), w.stores().accounts(), w.stores().grants(), w.lifecycle(), w.clock(),
                        access, pages),
                new AppsPage(w.database(), w.stores().apps(), w.stores().accounts(), w.appReview(), access, pages),
                new UsersPage(w.database(), w.stores().accounts(), w.stores().plans(), w.stores().grants(), w.stores().apps(),
                        w.stores().apiKeys(), w.ledger(), w.accountAdministration(), access, pages),
                new PlansPage(w.database(), w.stores().plans(), w.plans(), access, pages),
                new LifecyclePage(w.lifecycle(), w.audit(), access, pages),
                new AuditPage(w.database(), w.stores().audit(), w.stores().accounts(), w.stores().apps(), access, pages),
                new ImportPage(w.appImport(), access, pages));
    }
}
