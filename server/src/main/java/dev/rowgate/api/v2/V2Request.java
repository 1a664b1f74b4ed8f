package dev.rowgate.api.v2;

import dev.rowgate.oauth.OAuthException;
import dev.rowgate.web.Form;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * One v2 call, parsed from the query string whatever the method (api-v2.md: GET, or POST with the parameters in the
 * query string and any body; any order; unknown parameters ignored). Numbers are checked here; the filter
 * expressions are left to the filter parser.
 */
public record V2Request(
        String token, String table, String target, String mode, String select, String where, String having, String orderBy,
        long limit, long offset, V2Output output) {

    public static final long DEFAULT_LIMIT = 1000;

    static V2Request parse(Context ctx) {
        Form q;
        try {
            q = Form.query(ctx);
        } catch (OAuthException e) {
            throw new V2Error("the query string is malformed (" + e.detail() + ")");
        }
        V2Output output = V2Output.of(first(q, "output"));
        if (output == null) throw new V2Error("parameter \"output\" must be json, xml or php");
        String table = first(q, "from");
        return new V2Request(first(q, "token"), table == null ? null : table.toLowerCase(Locale.ROOT), first(q, "target"),
                lower(first(q, "mode")), first(q, "select"), first(q, "where"), first(q, "having"), first(q, "order_by"),
                number(q, "limit", DEFAULT_LIMIT), number(q, "offset", 0), output);
    }

    /** The legacy API takes the first of repeated parameters rather than refusing them. */
    private static String first(Form q, String name) {
        try {
            return q.optional(name);
        } catch (OAuthException repeated) {
            return q.firstOf(name);
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static long number(Form q, String name, long fallback) {
        String v = first(q, name);
        if (v == null) return fallback;
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) throw new V2Error("parameter \"" + name + "\" must be a whole number of 0 or more");
            return n;
        } catch (NumberFormatException e) {
            throw new V2Error("parameter \"" + name + "\" must be a whole number of 0 or more");
        }
    }
}
