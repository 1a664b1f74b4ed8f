package dev.rowgate.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who made an operator change, for the audit log: an admin account through /admin (with the request's IP), or the
 * CLI (no account: whoever can run it has the database anyway).
 */
public record Actor(Long accountId, String ip) {

    public static final Actor CLI = new Actor(null, null);

    public static Actor admin(long accountId, String ip) {
        return new Actor(accountId, ip);
    }

    /** The detail entries that name the actor: {@code by} is the admin's account id, or "cli". */
    public Map<String, Object> detail(Map<String, Object> more) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("by", accountId == null ? "cli" : accountId);
        d.putAll(more);
        return d;
    }
}
