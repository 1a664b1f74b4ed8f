package dev.rowgate.ledger;

import java.util.Objects;

/**
 * One call's charge: who pays (the account), through which path (an app's grant spends integration rows, a personal
 * API key spends API rows), which request, how many rows, and the client's idempotency key if it sent one.
 */
public record ChargeRequest(long accountId, Via via, String requestId, String idempotencyKey, long rows, byte[] replayBody) {

    /** The access path of a call (rows.md: the two allowances are separate on purpose). */
    public sealed interface Via {
        Allowance allowance();

        /** An integration app acting through the user's grant. */
        record App(long grantId) implements Via {
            public Allowance allowance() {
                return Allowance.INTEGRATION;
            }
        }

        /** The user's own personal API key. */
        record Key(long apiKeyId) implements Via {
            public Allowance allowance() {
                return Allowance.API;
            }
        }
    }

    public ChargeRequest {
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(requestId, "requestId");
        if (rows < 0) throw new IllegalArgumentException("rows must not be negative");
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 255)) {
            throw new IllegalArgumentException("idempotencyKey must be 1 to 255 characters");
        }
        // The answer is kept only to replay a retried key; without one it would be a copy of every answer, forever.
        if (idempotencyKey == null) replayBody = null;
    }
}
