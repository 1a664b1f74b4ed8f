package dev.rowgate.audit;

import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records logins, consents, revocations, code replays, refresh token reuse and secret rotations: in the audit_log
 * table (for the operator's viewer) and as a WARN or INFO log line. Callers pass ids and facts, never secrets.
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("rowgate.audit");

    private final Database database;
    private final AuditStore store;
    private final Clock clock;

    public AuditLog(Database database, AuditStore store, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records in its own transaction (used where the caller's transaction may roll back, e.g. before an error). */
    public void record(String event, Long accountId, Long appId, String ip, Map<String, Object> detail) {
        database.inTransaction((Tx tx) -> {
            record(tx, event, accountId, appId, ip, detail);
            return null;
        });
    }

    /** Records inside the caller's transaction, so that the event commits with what it describes. */
    public void record(Tx tx, String event, Long accountId, Long appId, String ip, Map<String, Object> detail) {
        AuditEvent e = new AuditEvent(clock.millis(), event, accountId, appId, ip, detail);
        store.insert(tx, e);
        boolean security = event.contains("replay") || event.contains("reuse") || event.contains("failure") || event.contains("locked");
        var builder = security ? log.atWarn() : log.atInfo();
        builder.addKeyValue("event", event).addKeyValue("account_id", accountId).addKeyValue("app_id", appId)
                .addKeyValue("ip", ip).addKeyValue("detail", e.detail()).log("audit: {}", event);
    }
}
