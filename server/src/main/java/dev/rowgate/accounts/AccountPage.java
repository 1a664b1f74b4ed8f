package dev.rowgate.accounts;

import dev.rowgate.grants.ConnectedApps;
import dev.rowgate.web.Nav;
import java.util.List;

/**
 * Model of account.jte. newKey is the personal API key just created (shown this once, never again); error names
 * what was wrong with the last form.
 */
public record AccountPage(
        Nav nav, String email, String planName, String periodEnd, List<AllowanceLine> allowances,
        List<ConnectedApps.ConnectedApp> connectedApps, List<ApiKey> keys, NewKey newKey, String error, String notice) {

    /** One allowance of the plan (rows.md): integration rows for apps, API rows for personal keys. */
    public record AllowanceLine(String label, long limit, long used, long left) {}

    public record NewKey(String name, String secret) {}
}
