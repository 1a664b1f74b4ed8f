package dev.rowgate.admin;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.BrowserSession;
import dev.rowgate.accounts.PageAccess;
import dev.rowgate.audit.Actor;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.lifecycle.SunsetDate;
import dev.rowgate.web.Form;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Nav;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /admin/lifecycle} (integration-protocol.md, "Lifecycle"): open or close new app submissions with a message,
 * auto-approve, sign-up, and a sunset date per access path. Every change is audited ({@code lifecycle.*}).
 */
public final class LifecyclePage implements HttpServer.RouteGroup {

    public record PathRow(Lifecycle.AccessPath path, String sunset, String deprecated, String inputValue) {}

    public record Model(Nav nav, String csrf, Lifecycle.Submissions submissions, String message, boolean autoApprove, boolean signupOpen,
            List<PathRow> paths, String notice, String error) {}

    private final Lifecycle lifecycle;
    private final AuditLog audit;
    private final PageAccess access;
    private final Pages pages;

    LifecyclePage(Lifecycle lifecycle, AuditLog audit, PageAccess access, Pages pages) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.access = Objects.requireNonNull(access, "access");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/lifecycle", this::show);
        routes.post("/admin/lifecycle/submissions", ctx -> change(ctx, "lifecycle.submissions", this::submissions));
        routes.post("/admin/lifecycle/auto-approve", ctx -> change(ctx, "lifecycle.auto_approve", this::autoApprove));
        routes.post("/admin/lifecycle/signup", ctx -> change(ctx, "lifecycle.signup", this::signup));
        routes.post("/admin/lifecycle/sunset", ctx -> change(ctx, "lifecycle.sunset", this::sunset));
    }

    /** One change: reads the form, applies it, and returns the audit detail (InvalidInputException for bad input). */
    @FunctionalInterface
    private interface Change {
        Map<String, Object> apply(Form form);
    }

    private void show(Context ctx) {
        var admin = access.admin(ctx);
        if (admin.isEmpty()) return;
        render(ctx, 200, admin.get(), "saved".equals(ctx.queryParam("done")) ? "Saved." : null, null);
    }

    private void change(Context ctx, String event, Change change) {
        Form form = Form.body(ctx);
        var admin = access.adminForm(ctx, form);
        if (admin.isEmpty()) return;
        Map<String, Object> detail;
        try {
            detail = change.apply(form);
        } catch (InvalidInputException e) {
            render(ctx, 400, admin.get(), null, e.getMessage());
            return;
        }
        audit.record(event, admin.get().account().id(), null, ctx.ip(), Actor.admin(admin.get().account().id(), ctx.ip()).detail(detail));
        ctx.redirect("/admin/lifecycle?done=saved", HttpStatus.SEE_OTHER);
    }

    private Map<String, Object> submissions(Form form) {
        boolean open = bool(form.optional("open"), "open");
        String message = form.optional("message");
        if (message != null && message.length() > 500) throw new InvalidInputException("message: at most 500 characters");
        lifecycle.setSubmissions(open, message);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("open", open);
        d.put("message", open || message == null ? null : message.strip());
        return d;
    }

    private Map<String, Object> autoApprove(Form form) {
        boolean on = bool(form.optional("on"), "on");
        lifecycle.setAutoApprove(on);
        return Map.of("on", on);
    }

    private Map<String, Object> signup(Form form) {
        boolean open = bool(form.optional("open"), "open");
        lifecycle.setSignupOpen(open);
        return Map.of("open", open);
    }

    private Map<String, Object> sunset(Form form) {
        Lifecycle.AccessPath path = Lifecycle.AccessPath.byKey(String.valueOf(form.optional("path")))
                .orElseThrow(() -> new InvalidInputException("path: must be api_keys or integration_apps"));
        Instant at = "clear".equals(form.optional("action")) ? null : SunsetDate.parse(form.optional("date"));
        lifecycle.setSunset(path, at);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", path.key());
        d.put("sunset_at", at == null ? null : at.toString());
        return d;
    }

    private static boolean bool(String value, String field) {
        if ("true".equals(value)) return true;
        if ("false".equals(value)) return false;
        throw new InvalidInputException(field + ": must be true or false");
    }

    private void render(Context ctx, int code, BrowserSession.SignedIn admin, String notice, String error) {
        List<PathRow> paths = new ArrayList<>();
        for (Lifecycle.AccessPath p : Lifecycle.AccessPath.values()) {
            var s = lifecycle.sunset(p);
            paths.add(new PathRow(p, s.map(x -> Format.time(x.sunsetAt())).orElse(null), s.map(x -> Format.time(x.deprecatedAt())).orElse(null),
                    s.map(x -> x.sunsetAt().toString().substring(0, 16)).orElse("")));
        }
        var submissions = lifecycle.submissions();
        pages.render(ctx, code, "admin/lifecycle.jte", new Model(PageAccess.nav(admin), admin.session().csrfToken(), submissions,
                submissions.open() ? "" : submissions.message(), lifecycle.autoApprove(), lifecycle.signupOpen(), paths, notice, error));
    }
}
