package dev.rowgate.accounts;

import dev.rowgate.apps.App;
import dev.rowgate.apps.AppStore;
import dev.rowgate.store.Database;
import dev.rowgate.web.Csrf;
import dev.rowgate.web.ErrorPage;
import dev.rowgate.web.Form;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Objects;

/** {@code GET|POST /login}, {@code POST /logout} and the home page. Form fields: email, password, csrf, return_to. */
public final class LoginRoutes implements HttpServer.RouteGroup {

    private final Login login;
    private final BrowserSession sessions;
    private final Pages pages;
    private final Database database;
    private final AppStore apps;
    private final boolean secureCookies;

    public LoginRoutes(Login login, BrowserSession sessions, Pages pages, Database database, AppStore apps, boolean secureCookies) {
        this.login = Objects.requireNonNull(login, "login");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.database = Objects.requireNonNull(database, "database");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.secureCookies = secureCookies;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", this::home);
        routes.get("/login", this::form);
        routes.post("/login", this::submit);
        routes.post("/logout", this::logout);
    }

    private void home(Context ctx) {
        var signedIn = sessions.current(ctx).orElse(null);
        pages.render(ctx, 200, "home.jte", new HomePage(signedIn == null ? null : PageAccess.nav(signedIn)));
    }

    private void form(Context ctx) {
        String returnTo = safeReturnTo(ctx.queryParam("return_to"));
        if (sessions.current(ctx).isPresent()) {
            ctx.redirect(returnTo, HttpStatus.SEE_OTHER);
            return;
        }
        render(ctx, 200, returnTo, "", null);
    }

    private void submit(Context ctx) {
        Form form = Form.body(ctx);
        String returnTo = safeReturnTo(form.optional("return_to"));
        String email = form.optional("email");
        if (!Csrf.valid(ctx, null, form.optional(Csrf.FIELD))) {
            render(ctx, 403, returnTo, email, "This form expired. Please sign in again.");
            return;
        }
        switch (login.attempt(email, form.optional("password"), ctx.ip())) {
            case Login.Result.SignedIn s -> {
                sessions.signIn(ctx, s.account());
                ctx.redirect(returnTo, HttpStatus.SEE_OTHER);
            }
            case Login.Result.Refused r -> render(ctx, r.message().equals(Login.WRONG) ? 401 : 429, returnTo, email, r.message());
        }
    }

    private void logout(Context ctx) {
        var signedIn = sessions.current(ctx);
        if (signedIn.isEmpty()) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        if (!Csrf.valid(ctx, signedIn.get(), Form.body(ctx).optional(Csrf.FIELD))) {
            pages.render(ctx, 403, "error.jte", new ErrorPage("Form expired", "This form expired. Reload the page and try again."));
            return;
        }
        sessions.signOut(ctx);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, String returnTo, String email, String error) {
        pages.render(ctx, status, "login.jte", new LoginPage(Csrf.token(ctx, null, secureCookies), returnTo, email == null ? "" : email,
                error, appNameOf(returnTo)));
    }

    /** The app behind an authorization request being resumed, to name it on the sign-in page. */
    private String appNameOf(String returnTo) {
        if (!returnTo.startsWith("/oauth2/authorize")) return null;
        int q = returnTo.indexOf('?');
        if (q < 0) return null;
        try {
            String clientId = Form.parse(returnTo.substring(q + 1)).optional("client_id");
            if (clientId == null) return null;
            return database.read(tx -> apps.findByClientId(tx, clientId)).filter(a -> a.status() == App.Status.APPROVED)
                    .map(App::name).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Only a local path: never another host (an open redirect would help phishing). */
    static String safeReturnTo(String returnTo) {
        if (returnTo == null || !returnTo.startsWith("/") || returnTo.startsWith("//") || returnTo.startsWith("/\\")
                || returnTo.length() > 4000 || returnTo.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return returnTo;
    }
}
