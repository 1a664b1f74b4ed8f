package dev.rowgate.oauth.device;

import dev.rowgate.InvalidInputException;
import dev.rowgate.accounts.BrowserSession;
import dev.rowgate.apps.App;
import dev.rowgate.apps.AppStore;
import dev.rowgate.grants.Consents;
import dev.rowgate.grants.Grant;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import dev.rowgate.web.Csrf;
import dev.rowgate.web.Form;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The verification page of the device flow (RFC 8628 §3.3): {@code GET /device[?user_code=...]} and {@code POST
 * /device}. The user signs in, enters (or confirms) the code, sees which app asks, and allows or denies it.
 */
public final class DeviceVerificationRoutes implements HttpServer.RouteGroup {

    private final Database database;
    private final DeviceCodeStore deviceCodes;
    private final AppStore apps;
    private final Consents consents;
    private final BrowserSession sessions;
    private final Pages pages;
    private final Clock clock;

    public DeviceVerificationRoutes(Database database, DeviceCodeStore deviceCodes, AppStore apps, Consents consents, BrowserSession sessions,
            Pages pages, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.deviceCodes = Objects.requireNonNull(deviceCodes, "deviceCodes");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.consents = Objects.requireNonNull(consents, "consents");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/device", this::show);
        routes.post("/device", this::submit);
    }

    private void show(Context ctx) {
        var user = sessions.current(ctx);
        String typed = ctx.queryParam("user_code");
        if (user.isEmpty()) {
            String back = "/device" + (typed == null ? "" : "?user_code=" + URLEncoder.encode(typed, StandardCharsets.UTF_8));
            ctx.redirect("/login?return_to=" + URLEncoder.encode(back, StandardCharsets.UTF_8), HttpStatus.FOUND);
            return;
        }
        String csrf = user.get().session().csrfToken();
        // A code from verification_uri_complete is shown for the user to confirm, never approved without a click.
        Optional<App> app = typed == null ? Optional.empty() : pendingApp(UserCodes.normalize(typed));
        if (app.isPresent()) {
            pages.render(ctx, 200, "device.jte", new DevicePage(csrf, UserCodes.display(UserCodes.normalize(typed)), app.get().name(), capOf(user.get(), app.get()), null, null));
        } else {
            pages.render(ctx, 200, "device.jte", new DevicePage(csrf, typed == null ? "" : typed, null, "",
                    typed == null ? null : "That code is not valid, or has expired.", null));
        }
    }

    private void submit(Context ctx) {
        var user = sessions.current(ctx);
        if (user.isEmpty()) {
            ctx.redirect("/login?return_to=%2Fdevice", HttpStatus.SEE_OTHER);
            return;
        }
        Form form = Form.body(ctx);
        String csrf = user.get().session().csrfToken();
        if (!Csrf.valid(ctx, user.get(), form.optional(Csrf.FIELD))) {
            pages.render(ctx, 403, "device.jte", new DevicePage(csrf, "", null, "", "This form expired. Please enter the code again.", null));
            return;
        }
        String typed = form.optional("user_code");
        String code = UserCodes.normalize(typed);
        long now = clock.millis();
        Optional<DeviceCode> pending = code == null ? Optional.empty()
                : database.read((Tx tx) -> deviceCodes.findByUserCode(tx, code))
                        .filter(d -> d.status() == DeviceCode.Status.PENDING && d.expiresAt() > now);
        Optional<App> app = pending.flatMap(d -> database.read((Tx tx) -> apps.findById(tx, d.appId())))
                .filter(a -> a.status() == App.Status.APPROVED);
        if (pending.isEmpty() || app.isEmpty()) {
            pages.render(ctx, 400, "device.jte", new DevicePage(csrf, typed == null ? "" : typed, null, "", "That code is not valid, or has expired.", null));
            return;
        }
        String decision = form.optional("decision");
        long accountId = user.get().account().id();
        if (decision == null) {
            pages.render(ctx, 200, "device.jte", new DevicePage(csrf, UserCodes.display(code), app.get().name(), capOf(user.get(), app.get()), null, null));
        } else if (decision.equals("allow")) {
            Long cap;
            try {
                cap = Consents.parseCap(form.optional("cap"));
            } catch (InvalidInputException e) {
                pages.render(ctx, 400, "device.jte", new DevicePage(csrf, UserCodes.display(code), app.get().name(), form.optional("cap"), e.getMessage(), null));
                return;
            }
            Grant grant = consents.allow(accountId, app.get().id(), cap, ctx.ip());
            database.inTransaction((Tx tx) -> deviceCodes.decide(tx, pending.get().id(), DeviceCode.Status.APPROVED, accountId, grant.id()));
            pages.render(ctx, 200, "device.jte", new DevicePage(csrf, "", null, "", null, app.get().name() + " is connected"));
        } else {
            consents.deny(accountId, app.get().id(), ctx.ip());
            database.inTransaction((Tx tx) -> deviceCodes.decide(tx, pending.get().id(), DeviceCode.Status.DENIED, accountId, null));
            pages.render(ctx, 200, "device.jte", new DevicePage(csrf, "", null, "", null, "Access denied"));
        }
    }

    /** The cap the user already set for this app, pre-filled so that allowing again keeps it. */
    private String capOf(BrowserSession.SignedIn user, App app) {
        return consents.active(user.account().id(), app.id()).map(Grant::monthlyCap).map(String::valueOf).orElse("");
    }

    private Optional<App> pendingApp(String code) {
        if (code == null) return Optional.empty();
        long now = clock.millis();
        return database.read((Tx tx) -> deviceCodes.findByUserCode(tx, code)
                .filter(d -> d.status() == DeviceCode.Status.PENDING && d.expiresAt() > now)
                .flatMap(d -> apps.findById(tx, d.appId()))
                .filter(a -> a.status() == App.Status.APPROVED));
    }
}
