package dev.rowgate.oauth.authorize;

import dev.rowgate.accounts.AccountStore;
import dev.rowgate.accounts.BrowserSession;
import dev.rowgate.apps.App;
import dev.rowgate.apps.AppStore;
import dev.rowgate.InvalidInputException;
import dev.rowgate.grants.Grant;
import dev.rowgate.grants.Consents;
import dev.rowgate.ledger.Allowance;
import dev.rowgate.ledger.Ledger;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.OAuthException;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.token.IssuedTokens;
import dev.rowgate.oauth.token.TokenIssuer;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import dev.rowgate.web.Csrf;
import dev.rowgate.web.ErrorPage;
import dev.rowgate.web.Form;
import dev.rowgate.web.Pages;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET|POST /oauth2/authorize.php} (and {@code /oauth2/authorize}): the user's side of the code and legacy
 * token flows. Parse (two stages, see AuthorizeRequest), make sure the user is signed in, ask for consent unless it
 * was given before, then send the app its code or token. Every redirect back carries {@code iss} (RFC 9207) and the
 * app's {@code state} verbatim. The consent form posts back here with the request in hidden fields, the CSRF token,
 * {@code decision} (allow or deny) and the optional monthly {@code cap}.
 */
public final class AuthorizeEndpoint {

    private final Database database;
    private final AppStore apps;
    private final AccountStore accounts;
    private final Consents consents;
    private final CodeStore codes;
    private final TokenIssuer tokens;
    private final BrowserSession sessions;
    private final Ledger ledger;
    private final Pages pages;
    private final Clock clock;
    private final String issuer;
    private final Duration codeTtl;
    private final Duration desktopTokenTtl;
    private final boolean legacyTokenFlow;

    public AuthorizeEndpoint(Database database, AppStore apps, AccountStore accounts, Consents consents, CodeStore codes, TokenIssuer tokens, BrowserSession sessions,
            Ledger ledger, Pages pages, Clock clock, String issuer, Duration codeTtl, Duration desktopTokenTtl,
            boolean legacyTokenFlow) {
        this.database = Objects.requireNonNull(database, "database");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.consents = Objects.requireNonNull(consents, "consents");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.codeTtl = Objects.requireNonNull(codeTtl, "codeTtl");
        this.desktopTokenTtl = Objects.requireNonNull(desktopTokenTtl, "desktopTokenTtl");
        this.legacyTokenFlow = legacyTokenFlow;
    }

    public void handle(Context ctx) {
        Form form;
        AuthorizeRequest.Target target;
        try {
            form = ctx.method() == HandlerType.POST ? Form.body(ctx) : Form.query(ctx);
            target = AuthorizeRequest.target(form, clientId -> database.read((Tx tx) -> apps.findByClientId(tx, clientId)));
        } catch (OAuthException e) {
            errorPage(ctx, 400, "This authorization request is malformed (" + e.error().code() + ").");
            return;
        } catch (AuthorizeRequest.NoRedirect e) {
            errorPage(ctx, 400, e.getMessage());
            return;
        }
        try {
            AuthorizeRequest request = AuthorizeRequest.parse(form, target, legacyAllowed(target.app()));
            var signedIn = sessions.current(ctx);
            if (signedIn.isEmpty()) {
                String query = Redirects.withParameters("", AuthorizeRequest.carried(form)).substring(1);
                ctx.redirect("/login?return_to=" + java.net.URLEncoder.encode("/oauth2/authorize.php?" + query, java.nio.charset.StandardCharsets.UTF_8),
                        HttpStatus.FOUND);
                return;
            }
            var user = signedIn.get();
            if (ctx.method() == HandlerType.POST && form.has("decision")) {
                decide(ctx, form, request, user);
                return;
            }
            var existing = consents.active(user.account().id(), request.app().id());
            if (existing.isPresent() && !request.promptConsent()) {
                respond(ctx, request, existing.get()); // remembered consent
                return;
            }
            showConsent(ctx, form, request, user, existing.map(Grant::monthlyCap).orElse(null));
        } catch (OAuthException e) {
            redirectError(ctx, target, e.error());
        }
    }

    private void decide(Context ctx, Form form, AuthorizeRequest request, BrowserSession.SignedIn user) {
        if (!Csrf.valid(ctx, user, form.optional(Csrf.FIELD))) {
            errorPage(ctx, 403, "This form expired or did not come from Rowgate. Go back to the app and start again.");
            return;
        }
        long accountId = user.account().id();
        long appId = request.app().id();
        switch (form.one("decision")) {
            case "deny" -> {
                consents.deny(accountId, appId, ctx.ip());
                redirectError(ctx, new AuthorizeRequest.Target(request.app(), request.redirectUri(), request.redirectUriSent(), request.state()),
                        OAuthError.ACCESS_DENIED);
            }
            case "allow" -> {
                Long cap;
                try {
                    cap = Consents.parseCap(form.optional("cap"));
                } catch (InvalidInputException e) {
                    throw OAuthError.INVALID_REQUEST.because(e.getMessage());
                }
                respond(ctx, request, consents.allow(accountId, appId, cap, ctx.ip()));
            }
            default -> throw OAuthError.INVALID_REQUEST.because("decision must be allow or deny");
        }
    }

    private void showConsent(Context ctx, Form form, AuthorizeRequest request, BrowserSession.SignedIn user, Long cap) {
        App app = request.app();
        String developer = app.ownerAccountId() == null ? null
                : database.read((Tx tx) -> accounts.findById(tx, app.ownerAccountId()))
                        .map(a -> a.email()).orElse(null);
        long left = ledger.rowsLeft(user.account(), Allowance.INTEGRATION);
        pages.render(ctx, 200, "consent.jte", new ConsentPage(app.name(), developer, user.account().email(),
                String.format("%,d", left), hostOf(request.redirectUri()), cap == null ? "" : cap.toString(),
                user.session().csrfToken(), AuthorizeRequest.carried(form)));
    }

    /** Sends the app its code (web and native apps) or its token (legacy desktop), RFC 6749 §4.1.2 and §4.2.2. */
    private void respond(Context ctx, AuthorizeRequest request, Grant grant) {
        long now = clock.millis();
        Map<String, String> params = new LinkedHashMap<>();
        if (request.responseType() == AuthorizeRequest.ResponseType.CODE) {
            String code = Secrets.newOpaque();
            database.inTransaction((Tx tx) -> codes.insert(tx, new AuthorizationCode.New(Secrets.hash(code), request.app().id(),
                    grant.accountId(), grant.id(), request.redirectUri(), request.redirectUriSent(), request.codeChallenge(),
                    request.codeChallenge() == null ? null : "S256", grant.scope(), now, now + codeTtl.toMillis())));
            params.put("code", code);
        } else {
            IssuedTokens issued = database.inTransaction((Tx tx) -> tokens.issueAccessOnly(tx, grant, desktopTokenTtl));
            if (request.redirectUri().equals(issuer + "/oauth2/token-display")) {
                // Shown on this response, never put in a URL: nothing to leak through history or logs.
                pages.render(ctx, 200, "token-display.jte", new TokenDisplayPage(request.app().name(), issued.accessToken()));
                return;
            }
            params.put("token", issued.accessToken());
        }
        params.put("state", request.state());
        params.put("iss", issuer);
        ctx.redirect(Redirects.withParameters(request.redirectUri(), params), HttpStatus.FOUND);
    }

    /** RFC 6749 §4.1.2.1 error response, with iss (RFC 9207) and the state verbatim. */
    private void redirectError(Context ctx, AuthorizeRequest.Target target, OAuthError error) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error.code());
        params.put("error_description", error.description());
        params.put("state", target.state());
        params.put("iss", issuer);
        dev.rowgate.web.NoStore.apply(ctx);
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.redirect(Redirects.withParameters(target.redirectUri(), params), HttpStatus.FOUND);
    }

    private void errorPage(Context ctx, int status, String message) {
        pages.render(ctx, status, "error.jte", new ErrorPage("Cannot authorize this app", message));
    }

    /** The legacy desktop flow needs both the deployment and the app to allow it (integration-protocol.md). */
    private boolean legacyAllowed(App app) {
        return legacyTokenFlow && !Boolean.FALSE.equals(app.legacyTokenFlow());
    }

    private static String hostOf(String uri) {
        try {
            URI u = new URI(uri);
            return u.getHost() != null ? u.getScheme() + "://" + u.getAuthority() : uri;
        } catch (Exception e) {
            return uri;
        }
    }
}
