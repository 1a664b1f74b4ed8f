package dev.rowgate.admin;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.AccountStore;
import dev.rowgate.accounts.PageAccess;
import dev.rowgate.apps.App;
import dev.rowgate.apps.AppStore;
import dev.rowgate.audit.AuditStore;
import dev.rowgate.store.Database;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Json;
import dev.rowgate.web.Nav;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /admin/audit}: the audit log, newest first, 50 to a page, filtered by event, account (email or id), app
 * (client_id) and a range of UTC days. A filter naming an account or app that does not exist is a 400 with the form
 * shown again and the problem named.
 */
public final class AuditPage implements HttpServer.RouteGroup {

    static final int PAGE = 50;

    /** The filters as typed, shown again in the form and carried by the paging links. */
    public record Filters(String event, String account, String app, String from, String to) {
        public String query() {
            return "event=" + Format.url(event) + "&account=" + Format.url(account) + "&app=" + Format.url(app) + "&from=" + Format.url(from)
                    + "&to=" + Format.url(to);
        }
    }

    public record Row(String at, String event, Long accountId, String email, String clientId, String ip, String detail) {}

    public record Model(Nav nav, Filters filters, List<String> events, List<Row> rows, int page, boolean more, String error) {}

    private final Database database;
    private final AuditStore audit;
    private final AccountStore accounts;
    private final AppStore apps;
    private final PageAccess access;
    private final Pages pages;

    AuditPage(Database database, AuditStore audit, AccountStore accounts, AppStore apps, PageAccess access, Pages pages) {
        this.database = Objects.requireNonNull(database, "database");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.access = Objects.requireNonNull(access, "access");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/audit", this::show);
    }

    private void show(Context ctx) {
        var admin = access.admin(ctx);
        if (admin.isEmpty()) return;
        Filters f = new Filters(param(ctx, "event"), param(ctx, "account"), param(ctx, "app"), param(ctx, "from"), param(ctx, "to"));
        Long pageParam = AppsPage.parseId(ctx.queryParam("page"));
        int page = pageParam == null || pageParam < 1 || pageParam > 100_000 ? 1 : pageParam.intValue();
        List<String> events = database.read(audit::events);
        Nav nav = PageAccess.nav(admin.get());
        AuditStore.Query query;
        try {
            query = query(f);
        } catch (InvalidInputException e) {
            pages.render(ctx, 400, "admin/audit.jte", new Model(nav, f, events, List.of(), 1, false, e.getMessage()));
            return;
        }
        List<AuditStore.Entry> found = database.read(tx -> audit.search(tx, query, PAGE + 1, (page - 1) * PAGE));
        boolean more = found.size() > PAGE;
        List<Row> rows = new ArrayList<>();
        for (AuditStore.Entry e : more ? found.subList(0, PAGE) : found) {
            rows.add(new Row(Format.seconds(e.event().at()), e.event().event(), e.event().accountId(), e.email(), e.clientId(), e.event().ip(),
                    detail(e)));
        }
        pages.render(ctx, 200, "admin/audit.jte", new Model(nav, f, events, rows, page, more, null));
    }

    /** Turns the typed filters into ids and times; InvalidInputException names a filter that cannot be used. */
    private AuditStore.Query query(Filters f) {
        Long accountId = null;
        if (!f.account().isEmpty()) {
            Long id = AppsPage.parseId(f.account());
            accountId = id != null ? id : database.read(tx -> accounts.findByEmail(tx, f.account())).map(Account::id)
                    .orElseThrow(() -> new InvalidInputException("account: no account with email " + f.account()));
        }
        Long appId = null;
        if (!f.app().isEmpty()) {
            appId = database.read(tx -> apps.findByClientId(tx, f.app())).map(App::id)
                    .orElseThrow(() -> new InvalidInputException("app: no app with client_id \"" + f.app() + "\""));
        }
        Long from = f.from().isEmpty() ? null : day("from", f.from());
        Long to = f.to().isEmpty() ? null : day("to", f.to()) + 86_400_000L; // the whole "to" day
        if (from != null && to != null && from >= to) throw new InvalidInputException("to: must be the same day as from or later");
        return new AuditStore.Query(f.event().isEmpty() ? null : f.event(), accountId, appId, from, to);
    }

    private static long day(String field, String value) {
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field + ": \"" + value + "\" is not a date (YYYY-MM-DD)");
        }
    }

    private static String detail(AuditStore.Entry e) {
        try {
            return e.event().detail().isEmpty() ? "" : Json.MAPPER.writeValueAsString(e.event().detail());
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            return e.event().detail().toString();
        }
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) return "";
        v = v.strip();
        return v.length() > 200 ? v.substring(0, 200) : v;
    }
}
