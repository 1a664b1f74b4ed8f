package dev.rowgate.grants;

import dev.rowgate.InvalidInputException;
import dev.rowgate.audit.AuditLog;
import dev.rowgate.store.Database;
import dev.rowgate.store.Tx;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's yes to an app: the grant is created (or its monthly cap updated when it exists), in one transaction with
 * its audit record. Used by the authorization endpoint and the device verification page alike.
 */
public final class Consents {

    public static final String SCOPE = "api";

    private final Database database;
    private final GrantStore grants;
    private final AuditLog audit;
    private final Clock clock;

    public Consents(Database database, GrantStore grants, AuditLog audit, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<Grant> active(long accountId, long appId) {
        return database.read((Tx tx) -> grants.findActive(tx, accountId, appId));
    }

    public Grant allow(long accountId, long appId, Long monthlyCap, String ip) {
        long now = clock.millis();
        return database.inTransaction((Tx tx) -> {
            var existing = grants.findActive(tx, accountId, appId);
            long id;
            if (existing.isPresent()) {
                id = existing.get().id();
                grants.setCap(tx, id, monthlyCap, now);
            } else {
                id = grants.insert(tx, accountId, appId, SCOPE, monthlyCap, now);
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("grant_id", id);
            detail.put("monthly_cap", monthlyCap);
            audit.record(tx, "consent.granted", accountId, appId, ip, detail);
            return grants.findById(tx, id).orElseThrow();
        });
    }

    public void deny(long accountId, long appId, String ip) {
        audit.record("consent.denied", accountId, appId, ip, Map.of());
    }

    /** The optional monthly cap as typed on a consent form: empty for none, else a whole number of rows. */
    public static Long parseCap(String cap) {
        if (cap == null || cap.isBlank()) return null;
        try {
            long v = Long.parseLong(cap.strip());
            if (v < 0) throw new InvalidInputException("cap: must not be negative");
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("cap: must be a whole number of rows");
        }
    }
}
