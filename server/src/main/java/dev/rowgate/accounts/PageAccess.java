package dev.rowgate.accounts;

import dev.rowgate.web.Csrf;
import dev.rowgate.web.ErrorPage;
import dev.rowgate.web.Form;
import dev.rowgate.web.Nav;
import dev.rowgate.web.Pages;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may see a page: the one rule set of /account, /developer and /admin. A page asks for the signed-in person;
 * without one the browser goes to the sign-in page and comes back (GET only; a POST without a session is refused,
 * its form would be lost anyway). Admin pages answer 403 to everyone else. Every POST checks the session's CSRF token.
 */
public final class PageAccess {

    private final BrowserSession sessions;
    private final Pages pages;

    public PageAccess(BrowserSession sessions, Pages pages) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    /** The signed-in person, or empty after answering (a redirect to /login for a GET, 401 otherwise). */
    public Optional<BrowserSession.SignedIn> signedIn(Context ctx) {
        Optional<BrowserSession.SignedIn> signedIn = sessions.current(ctx);
        if (signedIn.isPresent()) return signedIn;
        if ("GET".equals(ctx.method().name())) {
            String here = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?return_to=" + URLEncoder.encode(here, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
        } else {
            pages.render(ctx, 401, "error.jte", new ErrorPage("Signed out", "Your session ended. Sign in again and repeat what you were doing."));
        }
        return Optional.empty();
    }

    /** The signed-in operator, or empty after answering (sign-in redirect, or 403 for a non-admin). */
    public Optional<BrowserSession.SignedIn> admin(Context ctx) {
        Optional<BrowserSession.SignedIn> signedIn = signedIn(ctx);
        if (signedIn.isEmpty()) return signedIn;
        if (signedIn.get().account().role() != Account.Role.ADMIN) {
            forbidden(ctx, "Only operators can open this page.");
            return Optional.empty();
        }
        return signedIn;
    }

    /** For a POST: the signed-in person whose form carries their CSRF token, or empty after answering 401/403. */
    public Optional<BrowserSession.SignedIn> signedInForm(Context ctx, Form form) {
        Optional<BrowserSession.SignedIn> signedIn = signedIn(ctx);
        if (signedIn.isEmpty()) return signedIn;
        if (!Csrf.valid(ctx, signedIn.get(), form.optional(Csrf.FIELD))) {
            pages.render(ctx, 403, "error.jte", new ErrorPage("Form expired", "This form expired. Reload the page and try again."));
            return Optional.empty();
        }
        return signedIn;
    }

    /** For an admin POST: as {@link #signedInForm}, and an operator. */
    public Optional<BrowserSession.SignedIn> adminForm(Context ctx, Form form) {
        Optional<BrowserSession.SignedIn> signedIn = signedInForm(ctx, form);
        if (signedIn.isEmpty()) return signedIn;
        if (signedIn.get().account().role() != Account.Role.ADMIN) {
            forbidden(ctx, "Only operators can do this.");
            return Optional.empty();
        }
        return signedIn;
    }

    public void forbidden(Context ctx, String message) {
        pages.render(ctx, 403, "error.jte", new ErrorPage("Not allowed", message));
    }

    /** 404 for something that does not exist or is not the caller's: the two look the same, so ids cannot be probed. */
    public void notFound(Context ctx, String what) {
        pages.render(ctx, 404, "error.jte", new ErrorPage("Not found", what + " does not exist, or is not yours."));
    }

    public static Nav nav(BrowserSession.SignedIn signedIn) {
        return new Nav(signedIn.account().email(), signedIn.account().role() == Account.Role.ADMIN, signedIn.session().csrfToken());
    }
}
