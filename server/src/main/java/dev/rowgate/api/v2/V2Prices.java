package dev.rowgate.api.v2;

import dev.rowgate.config.Config;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured prices of the v2 tables (api-v2.md: "The prices are configuration, with these defaults") and the free
 * targets: calls about a free domain, or a subdomain of one, cost nothing and are not clamped to the balance.
 */
public record V2Prices(Map<String, PriceRule> rules, List<String> freeDomains) {

    public V2Prices {
        rules = Map.copyOf(rules);
        freeDomains = List.copyOf(freeDomains);
    }

    public static V2Prices of(Map<String, Config.Price> prices, List<String> freeDomains) {
        Map<String, PriceRule> rules = new HashMap<>();
        prices.forEach((table, p) -> rules.put(table, new PriceRule(p.request(), p.perResult(), p.filter(), p.filter())));
        return new V2Prices(rules, freeDomains);
    }

    public PriceRule rule(V2Tables.Table table) {
        PriceRule configured = rules.get(table.name());
        return configured != null ? configured : PriceRule.of(table);
    }

    /** Whether a call about this target is free: its domain is a free one or under one (blog.example.com under example.com). */
    boolean free(Target target) {
        if (freeDomains.isEmpty() || target == null || target.domain() == null) return false;
        for (String d : freeDomains) {
            if (target.domain().equals(d) || target.domain().endsWith("." + d)) return true;
        }
        return false;
    }
}
