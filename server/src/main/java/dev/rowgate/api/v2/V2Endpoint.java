package dev.rowgate.api.v2;

import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.AccountStore;
import dev.rowgate.api.AccessContext;
import dev.rowgate.api.TokenAuth;
import dev.rowgate.grants.Grant;
import dev.rowgate.grants.GrantStore;
import dev.rowgate.ledger.Ledger;
import dev.rowgate.oauth.OAuthException;
import dev.rowgate.store.Database;
import dev.rowgate.web.HttpServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The v2 data API at {@code /v2/} (api-v2.md): one endpoint, the table in {@code from}. Errors are HTTP 200 with
 * {@code {"error": ...}} in the requested format, because existing clients read the body whatever the status. Every
 * answer carries {@code X-Rows-Charged} and {@code X-Rows-Left} (rows.md).
 */
public final class V2Endpoint implements HttpServer.RouteGroup {

    static final String NO_SUBSCRIPTION = "No Subscription";

    private final Database database;
    private final TokenAuth tokens;
    private final AccountStore accounts;
    private final GrantStore grants;
    private final Ledger ledger;

    public V2Endpoint(Database database, TokenAuth tokens, AccountStore accounts, GrantStore grants, Ledger ledger) {
        this.database = Objects.requireNonNull(database, "database");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v2", this::handle);
        routes.post("/v2", this::handle);
    }

    void handle(Context ctx) {
        V2Output output = V2Output.JSON;
        try {
            V2Request request = V2Request.parse(ctx);
            output = request.output();
            AccessContext access = authenticate(ctx, request);
            if (request.table() == null) throw new V2Error("parameter \"from\" is required");
            V2Tables.Table table = V2Tables.table(request.table())
                    .orElseThrow(() -> new V2Error("unknown table \"" + request.table() + "\""));
            if (!table.name().equals("subscription_info")) {
                // Every parameter is checked against the table before anything runs, so a mistake costs nothing.
                V2Filter.select(request.select(), table);
                V2Filter.parse("where", request.where(), table);
                V2Filter.parse("having", request.having(), table);
                V2Filter.orderBy(request.orderBy(), table);
                throw new V2Error("table \"" + table.name() + "\" is not served yet: no link data can be loaded in this version");
            }
            respond(ctx, output, subscriptionInfo(access), 0, 1);
        } catch (V2Error e) {
            ctx.header("X-Rows-Charged", "0");
            respond(ctx, output, Map.of("error", e.getMessage()), 0, 0);
        }
    }

    private AccessContext authenticate(Context ctx, V2Request request) {
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : request.token();
        try {
            return tokens.authenticate(token);
        } catch (OAuthException e) {
            throw new V2Error(V2Error.INVALID_TOKEN);
        }
    }

    /**
     * api-v2.md: the allowance the calling credential spends: an app's token, integration rows (the smaller remainder
     * when the grant has a cap, and then the cap as the limit when it is the smaller one); a personal key, API rows.
     */
    private Map<String, Object> subscriptionInfo(AccessContext access) {
        Account account = database.read(tx -> accounts.findById(tx, access.accountId())).orElseThrow(() -> new V2Error(V2Error.INVALID_TOKEN));
        Ledger.Standing standing = ledger.standing(account, access.via().allowance());
        long left = ledger.rowsLeft(access.accountId(), access.via());
        long limit = standing.limit();
        if (access.grantId() != null) {
            Grant grant = database.read(tx -> grants.findById(tx, access.grantId())).orElseThrow(() -> new V2Error(V2Error.INVALID_TOKEN));
            if (grant.monthlyCap() != null) limit = Math.min(limit, grant.monthlyCap());
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("rows_left", left);
        info.put("rows_limit", limit);
        info.put("subscription", standing.planName() == null ? NO_SUBSCRIPTION : standing.planName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("info", info);
        return body;
    }

    private static void respond(Context ctx, V2Output output, Map<String, Object> body, long charged, long results) {
        Object info = body.get("info");
        if (info instanceof Map<?, ?> m && m.get("rows_left") != null) ctx.header("X-Rows-Left", m.get("rows_left").toString());
        ctx.header("X-Rows-Charged", Long.toString(charged));
        ctx.header("X-Results-Count", Long.toString(results));
        ctx.header("Cache-Control", "no-store");
        ctx.status(200).contentType(output.contentType()).result(output.render(body));
    }
}
