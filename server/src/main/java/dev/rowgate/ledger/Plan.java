package dev.rowgate.ledger;

/**
 * A plan gives a user two allowances per billing period (rows.md): integration rows, shared by every app the user
 * authorized, and API rows, spent by the user's personal API keys. Either may be 0.
 */
public record Plan(long id, String name, long integrationRows, long apiRows, Period period, long createdAt) {

    public enum Period { MONTHLY }

    public record New(String name, long integrationRows, long apiRows, Period period, long createdAt) {
        public New {
            if (integrationRows < 0) throw new IllegalArgumentException("integration rows must be 0 or more");
            if (apiRows < 0) throw new IllegalArgumentException("API rows must be 0 or more");
        }
    }
}
