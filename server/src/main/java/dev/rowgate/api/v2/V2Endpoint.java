package dev.rowgate.api.v2;

import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.AccountStore;
import dev.rowgate.api.AccessContext;
import dev.rowgate.api.TokenAuth;
import dev.rowgate.grants.Grant;
import dev.rowgate.grants.GrantStore;
import dev.rowgate.ledger.ChargeRequest;
import dev.rowgate.ledger.ChargeResult;
import dev.rowgate.ledger.Ledger;
import dev.rowgate.lifecycle.SunsetPolicy;
import dev.rowgate.store.Jdbc;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import dev.rowgate.oauth.OAuthException;
import dev.rowgate.store.Database;
import dev.rowgate.store.DatabaseUnavailableException;
import dev.rowgate.web.ErrorMapping;
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
    private final SunsetPolicy sunsets;
    private final V2Prices prices;

    public V2Endpoint(Database database, TokenAuth tokens, AccountStore accounts, GrantStore grants, Ledger ledger, SunsetPolicy sunsets,
            V2Prices prices) {
        this.database = Objects.requireNonNull(database, "database");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.sunsets = Objects.requireNonNull(sunsets, "sunsets");
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v2", this::handle);
        routes.post("/v2", this::handle);
    }

    void handle(Context ctx) {
        ctx.header("Vary", "Accept-Encoding"); // the answer is gzipped when the client accepts it (HttpServer)
        V2Output output = V2Output.JSON;
        try {
            V2Request request = V2Request.parse(ctx);
            output = request.output();
            AccessContext access = authenticate(ctx, request);
            // integration-protocol.md Lifecycle: a sunset path's answers carry Deprecation and Sunset; after it, the error.
            var ended = sunsets.announce(ctx, access.path());
            if (ended.isPresent()) throw new V2Error(SunsetPolicy.endedMessage(ended.get()));
            if (request.table() == null) throw new V2Error("parameter \"from\" is required");
            V2Tables.Table table = V2Tables.table(request.table())
                    .orElseThrow(() -> new V2Error("unknown table \"" + request.table() + "\""));
            if (table.name().equals("subscription_info")) {
                respond(ctx, output, subscriptionInfo(access), 0, 1);
                return;
            }
            switch (table.name()) {
                case "domain_rating" -> {
                    singleObject(ctx, request, access, table, freeTarget(request), () -> domainRating(request));
                    return;
                }
                case "metrics", "metrics_extended" -> {
                    if (request.target() == null || request.target().isBlank()) throw new V2Error("parameter \"target\" is required");
                    boolean extended = table.name().equals("metrics_extended");
                    singleObject(ctx, request, access, table, freeTarget(request),
                            () -> database.read(tx -> PrecomputedAnswers.oneObject(tx, table.name(), Target.of(request.target(), request.mode(), "tp"))
                                    .orElseGet(() -> MetricsQuery.compute(tx, request.target(), request.mode(), extended))));
                    return;
                }
                case "positions_metrics" -> {
                    V2Filter.parse("where", request.where(), table); // country= is accepted, and changes nothing: no ranking data
                    singleObject(ctx, request, access, table, false, MetricsQuery::positions);
                    return;
                }
                default -> { }
            }
            // Every parameter is checked against the table before anything runs, so a mistake costs nothing.
            List<V2Tables.Column> select = V2Filter.select(request.select(), table);
            List<V2Filter.Condition> where = V2Filter.parse("where", request.where(), table);
            List<V2Filter.Condition> having = V2Filter.parse("having", request.having(), table);
            List<V2Filter.OrderBy> orderBy = V2Filter.orderBy(request.orderBy(), table);
            TableQuery query = TableQuery.SERVED.get(table.name());
            if (query == null) throw new V2Error("table \"" + table.name() + "\" is not served yet");
            Target target = Target.of(request.target(), request.mode(), query.targetAlias());
            metered(ctx, request, access, table, query, select, target, where, having, orderBy);
        } catch (V2Error e) {
            ctx.header("X-Rows-Charged", "0");
            respond(ctx, output, Map.of("error", e.getMessage()), 0, 0);
        } catch (DatabaseUnavailableException e) {
            // Not an API error but an outage (the database away, full or read-only): 503 with Retry-After for clients,
            // proxies and monitors that look at the status, and the legacy {"error"} body for those that read only it.
            // A charge is one transaction, so nothing was charged unless its commit was lost on the way back.
            ctx.header("Retry-After", ErrorMapping.RETRY_AFTER_SECONDS);
            ctx.header("X-Rows-Charged", "0");
            respond(ctx, output, Map.of("error", UNAVAILABLE), 0, 0, 503);
        }
    }

    /** The body of a 503: the database is away, full or read-only (the operator's log says which). */
    static final String UNAVAILABLE = "service temporarily unavailable, retry later";

    /**
     * rows.md: the call is answered only if its cost fits, so the limit is first clamped to what the balance allows;
     * the query runs; the actual results are priced and charged in one ledger transaction. A retry with the same
     * Idempotency-Key within 24 hours gets the first answer again, charged once.
     */
    private void metered(Context ctx, V2Request request, AccessContext access, V2Tables.Table table, TableQuery query,
            List<V2Tables.Column> select, Target target, List<V2Filter.Condition> where, List<V2Filter.Condition> having,
            List<V2Filter.OrderBy> orderBy) {
        PriceRule price = prices.rule(table);
        boolean filtered = !where.isEmpty();
        boolean grouped = !having.isEmpty();
        boolean free = prices.free(target);
        boolean postgres = database.dialect() == dev.rowgate.config.DatabaseUrl.Dialect.POSTGRES;
        // Only PostgreSQL plans for values; only then are the domain ids worth a query of their own (not on SQLite,
        // and not in the metered backlinks call, whose prepared plan fits every domain).
        boolean planForValues = postgres && SqlBuilder.plansForValues(query, target, where, having, orderBy);
        // The balance, the rows and the stats in one read transaction: the rows from the stored answer when one covers
        // the request and is of the data as it is now (PrecomputedAnswers), else from the live query.
        boolean precomputed = PrecomputedAnswers.covers(query, target, where);
        long[] left = new long[1];
        Map<String, Object> body;
        try {
            body = database.read(tx -> {
                left[0] = ledger.rowsLeft(tx, access.accountId(), access.via());
                long limit = free ? Math.min(request.limit(), MAX_LIMIT) : price.maxResults(left[0], filtered, grouped, Math.min(request.limit(), MAX_LIMIT));
                if (limit < 0) throw new NotEnoughRows();
                Map<String, Object> answer = new LinkedHashMap<>();
                var stored = precomputed ? PrecomputedAnswers.find(tx, query.table(), target) : java.util.Optional.<PrecomputedAnswers.Stored>empty();
                if (stored.isPresent() && stored.get().serves(orderBy)) {
                    SqlBuilder.Sql sql = PrecomputedAnswers.select(query.table(), stored.get().id(), select, where, having, orderBy, limit, request.offset(),
                            postgres);
                    List<Map<String, Object>> rows = Jdbc.query(tx, sql.text(), rs -> row(rs, select), sql.args().toArray());
                    if (stored.get().answers(limit, rows.size())) {
                        answer.put(table.jsonKey(), rows);
                        if (!query.stats().isEmpty()) answer.put("stats", stored.get().stats());
                        return answer;
                    }
                }
                List<Long> domainIds = null;
                if (planForValues && SqlBuilder.choosesByDomainIds(query, target)) {
                    Target ids = target.domainIds();
                    domainIds = Jdbc.query(tx, ids.sql(), rs -> rs.getLong(1), ids.args().toArray());
                }
                SqlBuilder.Sql sql = SqlBuilder.select(query, select, target, domainIds, where, having, orderBy, limit, request.offset(), postgres);
                answer.put(table.jsonKey(), planForValues
                        ? Jdbc.queryPlannedForValues(tx, sql.text(), rs -> row(rs, select), sql.args().toArray())
                        : Jdbc.query(tx, sql.text(), rs -> row(rs, select), sql.args().toArray()));
                if (!query.stats().isEmpty()) answer.put("stats", TableStats.compute(tx, query, target, where, postgres));
                return answer;
            });
        } catch (NotEnoughRows e) {
            throw limitError(access);
        }
        int results = ((List<?>) body.get(table.jsonKey())).size();
        String rendered = request.output().render(body);
        if (free) {
            sendFree(ctx, request, rendered, left[0], results);
            return;
        }
        chargeAndSend(ctx, request, access, rendered, price.cost(results, filtered, grouped), results);
    }

    /** The balance cannot pay for the call; thrown out of its read transaction, answered by {@link #limitError}. */
    private static final class NotEnoughRows extends RuntimeException {
        NotEnoughRows() {
            super(null, null, false, false);
        }
    }

    /** A call about a free target (prices.free_targets): answered whatever the balance, charged nothing. */
    private static void sendFree(Context ctx, V2Request request, String rendered, long left, long results) {
        ctx.header("X-Rows-Left", Long.toString(left));
        send(ctx, request.output(), rendered, 0, results);
    }

    /** Whether the request's target is free; a target that is not a domain or URL is not (its table says so). */
    private boolean freeTarget(V2Request request) {
        if (request.target() == null || request.target().isBlank()) return false;
        try {
            return prices.free(Target.of(request.target(), request.mode(), "tp"));
        } catch (V2Error e) {
            return false;
        }
    }

    /**
     * Charges an answer's cost in one ledger transaction and sends it with its rows headers; a retried
     * Idempotency-Key sends the first answer again, charged once.
     */
    private void chargeAndSend(Context ctx, V2Request request, AccessContext access, String rendered, long cost, long results) {
        ChargeResult charged = ledger.charge(new ChargeRequest(access.accountId(), access.via(), UUID.randomUUID().toString(),
                ctx.header("Idempotency-Key"), cost, rendered.getBytes(StandardCharsets.UTF_8)));
        switch (charged) {
            case ChargeResult.Charged c -> {
                ctx.header("X-Rows-Left", Long.toString(c.rowsLeft()));
                send(ctx, request.output(), rendered, cost, results);
            }
            case ChargeResult.Replayed r -> {
                ctx.header("X-Rows-Left", Long.toString(r.rowsLeft()));
                ctx.header("Idempotent-Replayed", "true");
                send(ctx, request.output(), r.replayBody() == null ? rendered : new String(r.replayBody(), StandardCharsets.UTF_8), 0, results);
            }
            case ChargeResult.NotEnoughRows n -> throw limitError(access); // spent meanwhile by a concurrent call
        }
    }

    /** The target's domain's scores (api-v2.md: {@code domain{domain_rating,ahrefs_top}}); zeros for an unknown domain. */
    private Map<String, Object> domainRating(V2Request request) {
        if (request.target() == null || request.target().isBlank()) throw new V2Error("parameter \"target\" is required");
        String url = dev.rowgate.linkdata.Urls.normalize(request.target());
        if (url == null) throw new V2Error("parameter \"target\": it is not a domain or URL");
        String domain = dev.rowgate.linkdata.Urls.domainOf(dev.rowgate.linkdata.Urls.hostOf(url));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("domain_rating", 0L);
        values.put("ahrefs_top", 0L);
        database.read(tx -> Jdbc.query(tx, "SELECT domain_rating, ahrefs_top FROM domains WHERE name = ?", rs -> {
            values.put("domain_rating", rs.getLong(1));
            values.put("ahrefs_top", rs.getLong(2));
            return null;
        }, domain));
        return values;
    }

    /** A one-object table, priced as one result: computed only when that fits, then charged. */
    private void singleObject(Context ctx, V2Request request, AccessContext access, V2Tables.Table table, boolean free,
            java.util.function.Supplier<Map<String, Object>> values) {
        PriceRule price = prices.rule(table);
        long left = ledger.rowsLeft(access.accountId(), access.via());
        if (!free && price.maxResults(left, false, false, 1) < 1) throw limitError(access);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(table.jsonKey(), values.get());
        if (free) {
            sendFree(ctx, request, request.output().render(body), left, 1);
            return;
        }
        chargeAndSend(ctx, request, access, request.output().render(body), price.cost(1, false, false), 1);
    }

    /** The largest limit a request may ask for; more is clamped (a page of results, not a database dump). */
    static final long MAX_LIMIT = 100_000;

    /** api-v2.md: "Integration limit is exceeded" for an app's token; for a personal key, when the rows renew. */
    private V2Error limitError(AccessContext access) {
        if (access.grantId() != null) return new V2Error(V2Error.INTEGRATION_LIMIT);
        Account account = database.read(tx -> accounts.findById(tx, access.accountId())).orElseThrow(() -> new V2Error(V2Error.INVALID_TOKEN));
        long renews = ledger.standing(account, access.via().allowance()).periodEnd();
        return new V2Error("API rows are used up for this period; they renew on "
                + java.time.Instant.ofEpochMilli(renews).atZone(java.time.ZoneOffset.UTC).toLocalDate());
    }

    /** One result row, each value in the API's JSON form (dates as 2013-08-08T17:40:21Z, days as 2013-11-24). */
    private static Map<String, Object> row(java.sql.ResultSet rs, List<V2Tables.Column> select) throws java.sql.SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < select.size(); i++) {
            V2Tables.Column c = select.get(i);
            Object v = switch (c.type()) {
                case INT -> rs.getLong(i + 1);
                case FLOAT -> rs.getDouble(i + 1);
                case BOOL -> rs.getBoolean(i + 1);
                case DATE -> {
                    long ms = rs.getLong(i + 1);
                    yield rs.wasNull() ? null : java.time.Instant.ofEpochMilli(ms).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
                }
                case DAY -> {
                    long ms = rs.getLong(i + 1);
                    yield rs.wasNull() ? null : java.time.Instant.ofEpochMilli(ms).atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
                }
                case STR -> rs.getString(i + 1);
            };
            row.put(c.name(), rs.wasNull() ? null : v);
        }
        return row;
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

    private static void send(Context ctx, V2Output output, String rendered, long charged, long results) {
        ctx.header("X-Rows-Charged", Long.toString(charged));
        ctx.header("X-Results-Count", Long.toString(results));
        ctx.header("Cache-Control", "no-store");
        ctx.status(200).contentType(output.contentType()).result(rendered);
    }

    private static void respond(Context ctx, V2Output output, Map<String, Object> body, long charged, long results) {
        respond(ctx, output, body, charged, results, 200);
    }

    private static void respond(Context ctx, V2Output output, Map<String, Object> body, long charged, long results, int status) {
        Object info = body.get("info");
        if (info instanceof Map<?, ?> m && m.get("rows_left") != null) ctx.header("X-Rows-Left", m.get("rows_left").toString());
        ctx.header("X-Rows-Charged", Long.toString(charged));
        ctx.header("X-Results-Count", Long.toString(results));
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).contentType(output.contentType()).result(output.render(body));
    }
}
