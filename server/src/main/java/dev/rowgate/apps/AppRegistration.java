package dev.rowgate.apps;

import dev.rowgate.InvalidInputException;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.Database;
import dev.rowgate.store.DuplicateKeyException;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Registers integration apps: checks the request, picks the client_id (given, or a URL-safe slug of the name),
 * issues the client secret of a web app (returned once, stored as a hash) and answers with the invitation URL.
 * Used by the CLI, the first-start demo and the developer portal.
 */
public final class AppRegistration {

    /** What the registrant asks for; clientId and clientSecret are for imports of existing apps (null: generate). */
    public record Request(
            String name, String description, App.Type type, List<String> redirectUris, String clientId, String clientSecret,
            Long ownerAccountId, boolean approve, String website, String logoUrl) {}

    /** The app as stored, its secret in clear (null for desktop apps: public clients have none), and its invitation URL. */
    public record Registered(App app, String clientSecret, String invitationUrl) {}

    private final Database database;
    private final AppStore apps;
    private final String issuer;
    private final Clock clock;

    public AppRegistration(Database database, AppStore apps, String issuer, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Registered register(Request r) {
        Prepared p = prepare(r);
        App app = database.inTransaction(tx -> insert(tx, p, r.approve() ? App.Status.APPROVED : App.Status.PENDING));
        return new Registered(app, p.secret(), InvitationUrl.of(issuer, app));
    }

    /** A request that passed every check that needs no database; secret is the one to store (null for desktop apps). */
    record Prepared(Request request, String name, List<String> uris, String secret) {}

    /** Checks a request; InvalidInputException names the first problem. */
    Prepared prepare(Request r) {
        String name = r.name() == null ? "" : r.name().strip();
        if (name.isEmpty() || name.length() > 100) throw new InvalidInputException("name: must be 1 to 100 characters");
        if (r.type() == null) throw new InvalidInputException("type: must be web or desktop");
        if (r.redirectUris() == null || r.redirectUris().isEmpty()) throw new InvalidInputException("redirect URI: at least one is required");
        List<String> uris = new ArrayList<>();
        for (String uri : r.redirectUris()) {
            String problem = uri != null && uri.equals(issuer + "/oauth2/token-display") && r.type() == App.Type.DESKTOP
                    ? null : RedirectUris.problem(uri, r.type());
            if (problem != null) throw new InvalidInputException("redirect URI \"" + uri + "\" " + problem);
            if (!uris.contains(uri)) uris.add(uri);
        }
        if (r.clientId() != null) checkClientId(r.clientId());
        if (r.clientSecret() != null && r.type() != App.Type.WEB) {
            throw new InvalidInputException("client secret: only web apps have one; desktop apps are public clients");
        }
        if (r.clientSecret() != null && r.clientSecret().length() < 16) {
            throw new InvalidInputException("client secret: must be at least 16 characters");
        }
        String secret = r.type() == App.Type.WEB ? (r.clientSecret() != null ? r.clientSecret() : Secrets.newOpaque()) : null;
        return new Prepared(r, name, uris, secret);
    }

    /** Stores a prepared app with the given status in the caller's transaction; a taken client_id is InvalidInputException. */
    App insert(Tx tx, Prepared p, App.Status status) {
        Request r = p.request();
        long now = clock.millis();
        String clientId = r.clientId() != null ? r.clientId() : freeSlug(tx, p.name());
        long id;
        try {
            id = apps.insert(tx, new App.New(clientId, p.name(), r.description(), r.type(), r.ownerAccountId(), status,
                    r.website(), r.logoUrl(), p.uris(), now));
        } catch (DuplicateKeyException e) {
            throw new InvalidInputException("client_id \"" + clientId + "\" is taken by another app");
        }
        if (p.secret() != null) apps.addSecret(tx, id, Secrets.hash(p.secret()), now, null);
        return apps.findById(tx, id).orElseThrow();
    }

    String invitationUrl(App app) {
        return InvitationUrl.of(issuer, app);
    }

    /** integration-protocol.md: any printable string of up to 100 characters (spaces included). */
    static void checkClientId(String clientId) {
        if (clientId.isEmpty() || clientId.length() > 100) throw new InvalidInputException("client_id: must be 1 to 100 characters");
        for (int i = 0; i < clientId.length(); i++) {
            char c = clientId.charAt(i);
            if (Character.isISOControl(c)) throw new InvalidInputException("client_id: must be printable (no control characters)");
        }
        if (!clientId.equals(clientId.strip())) throw new InvalidInputException("client_id: must not start or end with a space");
    }

    /** A URL-safe slug of the name, with -2, -3 ... when taken. */
    private String freeSlug(Tx tx, String name) {
        String base = slug(name);
        String candidate = base;
        for (int n = 2; apps.findByClientId(tx, candidate).isPresent(); n++) candidate = base + "-" + n;
        return candidate;
    }

    static String slug(String name) {
        String s = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (s.isEmpty()) s = "app";
        return s.length() > 90 ? s.substring(0, 90) : s;
    }
}
