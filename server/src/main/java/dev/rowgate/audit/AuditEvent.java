package dev.rowgate.audit;

import java.util.Map;

/** One security-relevant event: who, what app, when, from which IP, and a detail map that never holds a secret. */
public record AuditEvent(long at, String event, Long accountId, Long appId, String ip, Map<String, Object> detail) {

    public AuditEvent {
        detail = detail == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(detail)); // values may be null
    }
}
