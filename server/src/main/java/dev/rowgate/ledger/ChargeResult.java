package dev.rowgate.ledger;

/** What a charge came to. rowsLeft is what the same path may still spend this period (the smaller of allowance and cap). */
public sealed interface ChargeResult {

    long rowsLeft();

    /** Charged; the entry is committed. */
    record Charged(long rows, long rowsLeft, long entryId) implements ChargeResult {}

    /** Nothing charged: the rows do not fit the allowance or the grant's cap (rows.md). */
    record NotEnoughRows(long rowsLeft, boolean capReached) implements ChargeResult {}

    /** The idempotency key was used within 24 hours: answered again, charged once (rows.md). */
    record Replayed(long rows, long rowsLeft, byte[] replayBody) implements ChargeResult {}
}
