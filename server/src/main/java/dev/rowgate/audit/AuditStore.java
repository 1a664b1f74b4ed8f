package dev.rowgate.audit;

import dev.rowgate.store.Tx;
import java.util.List;

public interface AuditStore {
    void insert(Tx tx, AuditEvent event);

    /** Newest first; event null for any event. */
    List<AuditEvent> list(Tx tx, String event, Long accountId, Long appId, int limit);

    /** What the operator's viewer filters on; every field may be null (no filter). Times in epoch ms, from inclusive, to exclusive. */
    record Query(String event, Long accountId, Long appId, Long from, Long to) {}

    /** An event with the email of its account and the client_id of its app (null when none, or deleted). */
    record Entry(AuditEvent event, String email, String clientId) {}

    /** A page of events matching the query, newest first. */
    List<Entry> search(Tx tx, Query query, int limit, int offset);

    /** The distinct event names recorded so far, for the viewer's filter. */
    List<String> events(Tx tx);
}
