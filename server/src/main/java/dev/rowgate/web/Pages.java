package dev.rowgate.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * Renders the server-side pages (jte, precompiled at build time) with the headers every page carries: no framing
 * (X-Frame-Options, CSP frame-ancestors: clickjacking on the consent page, RFC 9700 §4.16), no referrer (pages may
 * carry codes or tokens in their URL), no caching, and a CSP that allows only Rowgate's own assets.
 */
public final class Pages {

    /** No form-action: Chrome applies it to the redirect after a form POST, which goes to the app's redirect URI. */
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public void render(Context ctx, int status, String template, Object model) {
        StringOutput out = new StringOutput();
        engine.render(template, model, out);
        secure(ctx);
        ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
    }

    public static void secure(Context ctx) {
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        NoStore.apply(ctx);
    }
}
