package dev.rowgate.web;

import dev.rowgate.accounts.BrowserSession;
import dev.rowgate.oauth.Secrets;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/**
 * CSRF tokens for every form (field name {@code csrf}). Signed-in forms carry the session's synchronizer token;
 * the login form, which has no session yet, uses a double-submit cookie. Compared in constant time.
 */
public final class Csrf {

    public static final String FIELD = "csrf";
    static final String COOKIE = "rowgate_csrf";

    private Csrf() {}

    /** The token for a form on this response; sets the pre-login cookie when there is no session. */
    public static String token(Context ctx, BrowserSession.SignedIn signedIn, boolean secureCookies) {
        if (signedIn != null) return signedIn.session().csrfToken();
        String existing = ctx.cookie(COOKIE);
        if (existing != null && existing.length() == 43) return existing;
        String fresh = Secrets.newOpaque();
        ctx.cookie(new Cookie(COOKIE, fresh, "/", -1, secureCookies, true, null, SameSite.STRICT));
        return fresh;
    }

    public static boolean valid(Context ctx, BrowserSession.SignedIn signedIn, String submitted) {
        if (submitted == null) return false;
        String expected = signedIn != null ? signedIn.session().csrfToken() : ctx.cookie(COOKIE);
        return expected != null && Secrets.constantTimeEquals(expected, submitted);
    }
}
