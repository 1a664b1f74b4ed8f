package dev.rowgate.oauth.device;

import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.client.AuthenticatedClient;
import dev.rowgate.oauth.client.ClientAuthenticator;
import dev.rowgate.store.Database;
import dev.rowgate.store.DuplicateKeyException;
import dev.rowgate.store.Tx;
import dev.rowgate.web.Form;
import dev.rowgate.web.NoStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@code POST /oauth2/device_authorization} (RFC 8628 §3.1, §3.2). Public clients identify with client_id alone. */
public final class DeviceAuthorizationEndpoint {

    static final int INTERVAL_SECONDS = 5;

    private final ClientAuthenticator clients;
    private final Database database;
    private final DeviceCodeStore deviceCodes;
    private final Clock clock;
    private final String issuer;
    private final Duration ttl;

    public DeviceAuthorizationEndpoint(ClientAuthenticator clients, Database database, DeviceCodeStore deviceCodes, Clock clock, String issuer,
            Duration ttl) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.database = Objects.requireNonNull(database, "database");
        this.deviceCodes = Objects.requireNonNull(deviceCodes, "deviceCodes");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    public void handle(Context ctx) {
        NoStore.apply(ctx);
        Form form = Form.body(ctx);
        AuthenticatedClient client = clients.authenticate(ctx, form);
        String scope = form.optional("scope");
        if (scope != null) {
            for (String s : scope.split(" ")) if (!s.isEmpty() && !s.equals("api")) throw OAuthError.INVALID_SCOPE.because("unknown scope " + s);
        }
        String deviceCode = Secrets.newOpaque();
        long now = clock.millis();
        String userCode = null;
        for (int attempt = 0; attempt < 5 && userCode == null; attempt++) {
            String candidate = UserCodes.next();
            try {
                database.inTransaction((Tx tx) -> deviceCodes.insert(tx, Secrets.hash(deviceCode), candidate, client.app().id(), "api",
                        INTERVAL_SECONDS, now, now + ttl.toMillis()));
                userCode = candidate;
            } catch (DuplicateKeyException e) {
                // a live code already has these letters: draw again
            }
        }
        if (userCode == null) throw OAuthError.TEMPORARILY_UNAVAILABLE.because("no free user code");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_code", deviceCode);
        body.put("user_code", UserCodes.display(userCode));
        body.put("verification_uri", issuer + "/device");
        body.put("verification_uri_complete", issuer + "/device?user_code=" + UserCodes.display(userCode));
        body.put("expires_in", ttl.toSeconds());
        body.put("interval", INTERVAL_SECONDS);
        ctx.json(body);
    }
}
