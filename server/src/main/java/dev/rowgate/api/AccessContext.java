package dev.rowgate.api;

import dev.rowgate.ledger.ChargeRequest;
import dev.rowgate.lifecycle.Lifecycle;

/**
 * Who a valid credential acts for and through which path (rows.md): an app's access token acts through the user's
 * grant ({@code ChargeRequest.Via.App}, appId set), a personal API key directly ({@code Via.Key}, appId null).
 */
public record AccessContext(long accountId, Long appId, ChargeRequest.Via via, String scope, long expiresAt) {

    /** The grant of an app's token; null for a personal key. */
    public Long grantId() {
        return via instanceof ChargeRequest.Via.App app ? app.grantId() : null;
    }

    /** The access path the call comes through, which the operator can sunset on its own (rows.md). */
    public Lifecycle.AccessPath path() {
        return via instanceof ChargeRequest.Via.App ? Lifecycle.AccessPath.INTEGRATION_APPS : Lifecycle.AccessPath.API_KEYS;
    }
}
