package dev.rowgate.accounts;

import dev.rowgate.InvalidInputException;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.web.Csrf;
import dev.rowgate.web.Form;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET|POST /signup}: anyone may create an account (a user, and a developer of their own apps) unless the
 * operator closed sign-up. A new account has no plan ("No Subscription", rows.md) until an operator gives it one.
 * Signed in at once, then sent on to {@code return_to} (a local path only, as at /login).
 */
public final class SignupRoutes implements HttpServer.RouteGroup {

    /** Model of signup.jte. */
    public record SignupPage(String csrf, String returnTo, String email, String error, boolean open) {}

    private final AccountRegistration registration;
    private final BrowserSession sessions;
    private final Lifecycle lifecycle;
    private final AuditLog audit;
    private final Pages pages;
    private final boolean secureCookies;

    public SignupRoutes(AccountRegistration registration, BrowserSession sessions, Lifecycle lifecycle, AuditLog audit, Pages pages,
            boolean secureCookies) {
        this.registration = Objects.requireNonNull(registration, "registration");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.secureCookies = secureCookies;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/signup", this::form);
        routes.post("/signup", this::submit);
    }

    private void form(Context ctx) {
        String returnTo = LoginRoutes.safeReturnTo(ctx.queryParam("return_to"));
        if (sessions.current(ctx).isPresent()) {
            ctx.redirect(returnTo, HttpStatus.SEE_OTHER);
            return;
        }
        render(ctx, lifecycle.signupOpen() ? 200 : 403, returnTo, "", null);
    }

    private void submit(Context ctx) {
        Form form = Form.body(ctx);
        String returnTo = LoginRoutes.safeReturnTo(form.optional("return_to"));
        String email = form.optional("email");
        if (!lifecycle.signupOpen()) {
            render(ctx, 403, returnTo, email, null);
            return;
        }
        if (!Csrf.valid(ctx, null, form.optional(Csrf.FIELD))) {
            render(ctx, 403, returnTo, email, "This form expired. Please try again.");
            return;
        }
        String password = form.optional("password");
        if (password == null || !password.equals(form.optional("password_again"))) {
            render(ctx, 400, returnTo, email, "The two passwords differ.");
            return;
        }
        Account account;
        try {
            account = registration.create(email, password, Account.Role.USER, null);
        } catch (InvalidInputException e) {
            render(ctx, 400, returnTo, email, e.getMessage());
            return;
        }
        audit.record("account.signed_up", account.id(), null, ctx.ip(), Map.of());
        sessions.signIn(ctx, account);
        ctx.redirect(returnTo, HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, String returnTo, String email, String error) {
        pages.render(ctx, status, "signup.jte", new SignupPage(Csrf.token(ctx, null, secureCookies), returnTo, email == null ? "" : email, error,
                lifecycle.signupOpen()));
    }
}
