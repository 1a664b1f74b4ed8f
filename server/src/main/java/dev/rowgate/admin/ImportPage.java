package dev.rowgate.admin;

import dev.rowgate.accounts.BrowserSession;
import dev.rowgate.accounts.PageAccess;
import dev.rowgate.apps.AppImport;
import dev.rowgate.audit.Actor;
import dev.rowgate.web.Form;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Nav;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import dev.rowgate.web.Multipart;
import java.util.List;
import java.util.Objects;

/**
 * {@code /admin/import}: imports existing apps with their exact client_id and secret ({@link AppImport}), pasted into
 * the text area or uploaded as a file (then the form is multipart). All or nothing: the report names each bad line.
 */
public final class ImportPage implements HttpServer.RouteGroup {

    public record Model(Nav nav, String csrf, String text, List<dev.rowgate.apps.App> imported, List<String> problems) {}

    private final AppImport importer;
    private final PageAccess access;
    private final Pages pages;

    ImportPage(AppImport importer, PageAccess access, Pages pages) {
        this.importer = Objects.requireNonNull(importer, "importer");
        this.access = Objects.requireNonNull(access, "access");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/import", this::show);
        routes.post("/admin/import", this::submit);
    }

    private void show(Context ctx) {
        var admin = access.admin(ctx);
        if (admin.isEmpty()) return;
        render(ctx, 200, admin.get(), "", List.of(), List.of());
    }

    private void submit(Context ctx) {
        boolean multipart = Multipart.is(ctx.contentType());
        List<Multipart.Part> parts = multipart ? Multipart.parse(ctx.contentType(), ctx.bodyAsBytes()) : List.of();
        Form form = multipart ? Multipart.fields(parts) : Form.body(ctx);
        var admin = access.adminForm(ctx, form);
        if (admin.isEmpty()) return;
        String text = form.optional("data");
        for (Multipart.Part p : parts) {
            if (p.name().equals("file") && p.filename() != null && p.content().length > 0) text = p.text();
        }
        if (text == null || text.isBlank()) {
            render(ctx, 400, admin.get(), "", List.of(), List.of("paste the CSV or JSON into the text area, or choose a file"));
            return;
        }
        AppImport.Result result = importer.importText(text, Actor.admin(admin.get().account().id(), ctx.ip()));
        // Secrets never go back to the browser: on success the text area is emptied.
        render(ctx, result.ok() ? 200 : 400, admin.get(), result.ok() ? "" : text, result.imported(), result.problems());
    }

    private void render(Context ctx, int code, BrowserSession.SignedIn admin, String text, List<dev.rowgate.apps.App> imported, List<String> problems) {
        pages.render(ctx, code, "admin/import.jte", new Model(PageAccess.nav(admin), admin.session().csrfToken(), text, imported, problems));
    }
}
