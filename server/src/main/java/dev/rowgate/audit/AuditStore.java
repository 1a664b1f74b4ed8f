package dev.rowgate.audit;

import dev.rowgate.store.Tx;
import java.util.List;

public interface AuditStore {
    void insert(Tx tx, AuditEvent event);

    /** Newest first; event null for any event. */
    List<AuditEvent> list(Tx tx, String event, Long accountId, Long appId, int limit);
}
