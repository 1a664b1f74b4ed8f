package dev.rowgate.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.rowgate.audit.AuditEvent;
import dev.rowgate.audit.AuditStore;
import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import dev.rowgate.web.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** AuditStore in SQL that SQLite and PostgreSQL run alike; the detail is a JSON object in a TEXT column. */
public final class JdbcAuditStore implements AuditStore {

    @Override
    public void insert(Tx tx, AuditEvent e) {
        String detail;
        try {
            detail = Json.MAPPER.writeValueAsString(e.detail());
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("audit detail is not JSON-serializable", ex);
        }
        Jdbc.update(tx, "INSERT INTO audit_log (at, event, account_id, app_id, ip, detail) VALUES (?, ?, ?, ?, ?, ?)",
                e.at(), e.event(), e.accountId(), e.appId(), e.ip(), detail);
    }

    @Override
    public List<AuditEvent> list(Tx tx, String event, Long accountId, Long appId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT at, event, account_id, app_id, ip, detail FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (event != null) { sql.append(" AND event = ?"); args.add(event); }
        if (accountId != null) { sql.append(" AND account_id = ?"); args.add(accountId); }
        if (appId != null) { sql.append(" AND app_id = ?"); args.add(appId); }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return Jdbc.query(tx, sql.toString(), rs -> new AuditEvent(rs.getLong(1), rs.getString(2), Jdbc.nullableLong(rs, "account_id"),
                Jdbc.nullableLong(rs, "app_id"), rs.getString(5), readDetail(rs.getString(6))), args.toArray());
    }

    @Override
    public List<Entry> search(Tx tx, Query q, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT l.at, l.event, l.account_id, l.app_id, l.ip, l.detail, acc.email, a.client_id "
                + "FROM audit_log l LEFT JOIN accounts acc ON acc.id = l.account_id LEFT JOIN apps a ON a.id = l.app_id WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.event() != null) { sql.append(" AND l.event = ?"); args.add(q.event()); }
        if (q.accountId() != null) { sql.append(" AND l.account_id = ?"); args.add(q.accountId()); }
        if (q.appId() != null) { sql.append(" AND l.app_id = ?"); args.add(q.appId()); }
        if (q.from() != null) { sql.append(" AND l.at >= ?"); args.add(q.from()); }
        if (q.to() != null) { sql.append(" AND l.at < ?"); args.add(q.to()); }
        sql.append(" ORDER BY l.id DESC LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return Jdbc.query(tx, sql.toString(), rs -> new Entry(new AuditEvent(rs.getLong(1), rs.getString(2), Jdbc.nullableLong(rs, "account_id"),
                Jdbc.nullableLong(rs, "app_id"), rs.getString(5), readDetail(rs.getString(6))), rs.getString(7), rs.getString(8)), args.toArray());
    }

    @Override
    public List<String> events(Tx tx) {
        return Jdbc.query(tx, "SELECT DISTINCT event FROM audit_log ORDER BY event", rs -> rs.getString(1));
    }

    private static Map<String, Object> readDetail(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", json);
        }
    }
}
