package dev.rowgate.web;

import io.javalin.http.Context;

/** RFC 6749 §5.1: responses carrying tokens or credentials are never cached. */
public final class NoStore {

    private NoStore() {}

    public static void apply(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }
}
