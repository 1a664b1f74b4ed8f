package dev.rowgate.oauth.client;

import dev.rowgate.apps.App;
import dev.rowgate.apps.AppStore;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.OAuthException;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.Database;
import dev.rowgate.web.Form;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates the client of a token, revocation, introspection or device request (RFC 6749 §2.3), once, for every
 * endpoint. Web apps are confidential and must present a secret, by HTTP Basic or in the body, never both; desktop
 * apps are public and identify themselves with client_id alone (§2.1, RFC 8252 §8.4).
 */
public final class ClientAuthenticator {

    private final Database database;
    private final AppStore apps;
    private final Clock clock;

    public ClientAuthenticator(Database database, AppStore apps, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public AuthenticatedClient authenticate(Context ctx, Form form) {
        String basic = ctx.header("Authorization");
        String bodyId = form.optional("client_id");
        String bodySecret = form.optional("client_secret");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            // RFC 6749 §2.3: the client MUST NOT use more than one authentication method in each request.
            if (bodySecret != null) throw OAuthError.INVALID_REQUEST.because("client credentials in both the Authorization header and the body");
            String[] credentials = basicCredentials(basic.substring(6).strip());
            if (bodyId != null && !bodyId.equals(credentials[0]) && !bodyId.equals(credentials[2])) {
                throw OAuthError.INVALID_REQUEST.because("client_id in the body differs from the Authorization header");
            }
            Client client = find(credentials[0], credentials[2]).orElseThrow(() -> invalidClient("unknown client_id (Basic)"));
            return confidential(client, credentials[1], AuthenticatedClient.Method.CLIENT_SECRET_BASIC);
        }
        if (basic != null) throw invalidClient("unsupported Authorization scheme");
        if (bodyId == null) throw invalidClient("no client authentication");
        Client client = find(bodyId, null).orElseThrow(() -> invalidClient("unknown client_id"));
        if (bodySecret != null) return confidential(client, bodySecret, AuthenticatedClient.Method.CLIENT_SECRET_POST);
        App app = client.app();
        if (app.type().confidential()) throw invalidClient("confidential client sent no secret");
        requireUsable(app);
        return new AuthenticatedClient(app, AuthenticatedClient.Method.NONE);
    }

    /** An app with the hashes of its secrets valid now (none for a public app). */
    private record Client(App app, List<String> secretHashes) {}

    /**
     * RFC 6749 §2.3.1: the client id and secret are form-encoded before Basic encoding, so they are form-decoded
     * here ('+' is a space). Some libraries send the client id raw; the third element keeps that reading.
     *
     * @return {decoded id, decoded secret, raw id (or null when equal to the decoded one)}
     */
    static String[] basicCredentials(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidClient("Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) throw invalidClient("Basic credentials have no ':'");
        String rawId = decoded.substring(0, colon);
        String rawSecret = decoded.substring(colon + 1);
        String id;
        String secret;
        try {
            id = Form.decode(rawId);
            secret = Form.decode(rawSecret);
        } catch (OAuthException e) {
            // Not form-encoded (a raw '%' in it): take it as sent.
            id = rawId;
            secret = rawSecret;
        }
        return new String[] {id, secret, rawId.equals(id) ? null : rawId};
    }

    /**
     * The app by client_id (or, failing that, by the alternative reading of it), with its secret hashes, on one
     * pooled connection: a token request's client authentication is one trip to the pool, not one per query.
     */
    private Optional<Client> find(String clientId, String alternative) {
        long now = clock.millis();
        return database.read(tx -> {
            Optional<App> app = byClientId(tx, clientId);
            if (app.isEmpty() && alternative != null) app = byClientId(tx, alternative);
            if (app.isEmpty()) return Optional.empty();
            App found = app.get();
            List<String> hashes = found.type().confidential() ? apps.activeSecretHashes(tx, found.id(), now) : List.of();
            return Optional.of(new Client(found, hashes));
        });
    }

    private Optional<App> byClientId(dev.rowgate.store.Tx tx, String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > 100) return Optional.empty();
        return apps.findByClientId(tx, clientId);
    }

    private AuthenticatedClient confidential(Client client, String secret, AuthenticatedClient.Method method) {
        App app = client.app();
        if (!app.type().confidential()) throw invalidClient("public client presented a secret");
        String presented = Secrets.hash(secret);
        boolean match = false;
        for (String h : client.secretHashes()) match |= Secrets.constantTimeEquals(h, presented); // no early exit
        if (!match) throw invalidClient("wrong client secret for " + app.clientId());
        requireUsable(app);
        return new AuthenticatedClient(app, method);
    }

    private static void requireUsable(App app) {
        if (app.status() != App.Status.APPROVED) throw invalidClient("app " + app.clientId() + " is " + app.status().name().toLowerCase());
    }

    private static OAuthException invalidClient(String detail) {
        return OAuthError.INVALID_CLIENT.because(detail);
    }
}
