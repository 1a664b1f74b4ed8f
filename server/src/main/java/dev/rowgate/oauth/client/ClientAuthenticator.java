package dev.rowgate.oauth.client;

import dev.rowgate.apps.App;
import dev.rowgate.apps.AppStore;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.OAuthException;
import dev.rowgate.oauth.RecentAnswers;
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
 *
 * <p>A client that authenticated is remembered for at most {@link #MAX_AGE_MS} ms (and never past the end of the
 * secret it used), like a bearer token: a resource server introspecting, or an app exchanging codes, sends the same
 * credentials again and again, and looking its app and secrets up every time was a tenth of a code exchange and a
 * quarter of an introspection (bench/README.md). The presented secret's hash is still compared in constant time with
 * the remembered one; a failure is never remembered. Suspending an app or rotating its secret drops every remembered
 * client at once ({@link #forget}, through {@code AccessChanges}).
 */
public final class ClientAuthenticator {

    static final long MAX_AGE_MS = 1_000;

    /** A successful authentication: the client and the hash of the secret it presented (null for a public client). */
    private record Remembered(AuthenticatedClient client, String secretHash) {}

    private final Database database;
    private final AppStore apps;
    private final Clock clock;
    private final RecentAnswers<Remembered> remembered = new RecentAnswers<>(10_000);

    public ClientAuthenticator(Database database, AppStore apps, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Forgets every remembered client: an app was suspended, a secret rotated (here, or on another node). */
    public void forget() {
        remembered.clear();
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
            return withSecret("basic\n" + credentials[0] + "\n" + credentials[2], credentials[0], credentials[2], credentials[1],
                    AuthenticatedClient.Method.CLIENT_SECRET_BASIC, "unknown client_id (Basic)");
        }
        if (basic != null) throw invalidClient("unsupported Authorization scheme");
        if (bodyId == null) throw invalidClient("no client authentication");
        if (bodySecret != null) {
            return withSecret("post\n" + bodyId, bodyId, null, bodySecret, AuthenticatedClient.Method.CLIENT_SECRET_POST, "unknown client_id");
        }
        String key = "none\n" + bodyId;
        AuthenticatedClient known = recall(key, null);
        if (known != null) return known;
        long generation = remembered.generation();
        Client client = find(bodyId, null).orElseThrow(() -> invalidClient("unknown client_id"));
        App app = client.app();
        if (app.type().confidential()) throw invalidClient("confidential client sent no secret");
        requireUsable(app);
        return remember(key, null, new AuthenticatedClient(app, AuthenticatedClient.Method.NONE), client, generation);
    }

    /** A confidential client's authentication with a secret: remembered, or looked up and checked. */
    private AuthenticatedClient withSecret(String key, String clientId, String alternative, String secret, AuthenticatedClient.Method method,
            String unknown) {
        String presented = Secrets.hash(secret);
        AuthenticatedClient known = recall(key, presented);
        if (known != null) return known;
        long generation = remembered.generation();
        Client client = find(clientId, alternative).orElseThrow(() -> invalidClient(unknown));
        return remember(key, presented, confidential(client, presented, method), client, generation);
    }

    /** An app with its secrets valid now (none for a public app). */
    private record Client(App app, List<AppStore.ActiveSecret> secrets) {}

    /** The client remembered under key, if it presented the same secret (constant-time compare) and is still valid. */
    private AuthenticatedClient recall(String key, String presentedHash) {
        Remembered r = remembered.get(key, clock.millis());
        if (r == null) return null;
        if (presentedHash == null ? r.secretHash() != null : r.secretHash() == null || !Secrets.constantTimeEquals(r.secretHash(), presentedHash)) {
            return null;
        }
        return r.client();
    }

    private AuthenticatedClient remember(String key, String presentedHash, AuthenticatedClient authenticated, Client client, long generation) {
        long validUntil = clock.millis() + MAX_AGE_MS;
        if (presentedHash != null) {
            // Never past the end of the secret it used: a rotation's overlap ends to the millisecond.
            for (AppStore.ActiveSecret s : client.secrets()) {
                if (s.expiresAt() != null && Secrets.constantTimeEquals(s.hash(), presentedHash)) validUntil = Math.min(validUntil, s.expiresAt());
            }
        }
        remembered.put(key, new Remembered(authenticated, presentedHash), validUntil, generation);
        return authenticated;
    }

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
            List<AppStore.ActiveSecret> secrets = found.type().confidential() ? apps.activeSecrets(tx, found.id(), now) : List.of();
            return Optional.of(new Client(found, secrets));
        });
    }

    private Optional<App> byClientId(dev.rowgate.store.Tx tx, String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > 100) return Optional.empty();
        return apps.findByClientId(tx, clientId);
    }

    private AuthenticatedClient confidential(Client client, String presented, AuthenticatedClient.Method method) {
        App app = client.app();
        if (!app.type().confidential()) throw invalidClient("public client presented a secret");
        boolean match = false;
        for (AppStore.ActiveSecret s : client.secrets()) match |= Secrets.constantTimeEquals(s.hash(), presented); // no early exit
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
