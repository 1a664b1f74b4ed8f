package dev.rowgate.oauth.device;

import dev.rowgate.accounts.Account;
import dev.rowgate.accounts.AccountStore;
import dev.rowgate.grants.Grant;
import dev.rowgate.grants.GrantStore;
import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.oauth.client.AuthenticatedClient;
import dev.rowgate.oauth.token.TokenFlow;
import dev.rowgate.oauth.token.TokenIssuer;
import dev.rowgate.oauth.token.TokenResponse;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import dev.rowgate.web.Form;
import java.time.Clock;
import java.util.Objects;

/** {@code grant_type=urn:ietf:params:oauth:grant-type:device_code} (RFC 8628 §3.4, §3.5). */
public final class DeviceCodeFlow implements TokenFlow {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

    private final Database database;
    private final DeviceCodeStore deviceCodes;
    private final GrantStore grants;
    private final TokenIssuer issuer;
    private final AccountStore accounts;
    private final Clock clock;

    public DeviceCodeFlow(Database database, DeviceCodeStore deviceCodes, GrantStore grants, TokenIssuer issuer, AccountStore accounts,
            Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.deviceCodes = Objects.requireNonNull(deviceCodes, "deviceCodes");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public TokenResponse exchange(AuthenticatedClient client, Form form, String ip) {
        String deviceCode = form.one("device_code");
        long now = clock.millis();
        // The poll is recorded even when the answer is an error, so the transaction returns the error instead of throwing it.
        Object outcome = database.inTransaction((Tx tx) -> {
            DeviceCode code = deviceCodes.findByDeviceCodeHash(tx, Secrets.hash(deviceCode)).orElse(null);
            if (code == null || code.appId() != client.app().id()) return OAuthError.INVALID_GRANT.because("unknown device code");
            if (code.expiresAt() <= now) return OAuthError.EXPIRED_TOKEN.because("device code expired");
            return switch (code.status()) {
                case DENIED -> OAuthError.ACCESS_DENIED.because("the user denied the device");
                case CONSUMED -> OAuthError.INVALID_GRANT.because("device code already used");
                case PENDING -> {
                    // §3.5: polling faster than the interval earns slow_down, and the interval grows by 5 seconds.
                    boolean tooFast = code.lastPolledAt() != null && now - code.lastPolledAt() < code.intervalSeconds() * 1000L;
                    deviceCodes.polled(tx, code.id(), now, tooFast ? code.intervalSeconds() + 5 : code.intervalSeconds());
                    yield tooFast ? OAuthError.SLOW_DOWN.because("polled too fast") : OAuthError.AUTHORIZATION_PENDING.because("pending");
                }
                case APPROVED -> {
                    if (!deviceCodes.consume(tx, code.id())) yield OAuthError.INVALID_GRANT.because("device code already used");
                    Grant grant = grants.findById(tx, code.grantId()).filter(Grant::active).orElse(null);
                    if (grant == null) yield OAuthError.INVALID_GRANT.because("grant revoked");
                    if (accounts.findById(tx, grant.accountId()).filter(a -> a.status() == Account.Status.ACTIVE).isEmpty()) {
                        yield OAuthError.INVALID_GRANT.because("account disabled");
                    }
                    yield TokenResponse.bearer(issuer.issuePair(tx, grant, null));
                }
            };
        });
        if (outcome instanceof TokenResponse response) return response;
        throw (dev.rowgate.oauth.OAuthException) outcome;
    }
}
