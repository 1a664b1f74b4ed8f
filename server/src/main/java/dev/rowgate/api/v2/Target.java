package dev.rowgate.api.v2;

import dev.rowgate.linkdata.Urls;
import java.util.List;
import java.util.Locale;

/**
 * A v2 target and mode as a condition on a page (api-v2.md): {@code exact} the URL, {@code domain} the host
 * ({@code host/*}), {@code subdomains} the host and every host under it ({@code *host/*}), {@code prefix} every URL
 * starting with it ({@code url/*}). Targets come with or without a scheme, {@code www.}, a trailing slash, in upper
 * case or as IDN; they are normalized like loaded URLs, so they match what was loaded.
 */
public record Target(String mode, String sql, List<Object> args, String domain) {

    /** A condition on the pages alias with its parameters; domain is the target host's domain ("www." dropped). */
    Target(String mode, String sql, List<Object> args) {
        this(mode, sql, args, null);
    }

    /** @param page the SQL alias of the pages table to constrain, e.g. "tp" */
    public static Target of(String target, String mode, String page) {
        if (target == null || target.isBlank()) throw new V2Error("parameter \"target\" is required");
        String m = mode == null ? "domain" : mode.toLowerCase(Locale.ROOT);
        String url = Urls.normalize(target);
        if (url == null) throw new V2Error("parameter \"target\": \"" + abbreviate(target) + "\" is not a domain or URL");
        String host = Urls.hostOf(url);
        Target t = switch (m) {
            // A target without a scheme is the page under either scheme.
            case "exact" -> target.contains("://") ? new Target(m, page + ".url = ?", List.of(url))
                    : new Target(m, page + ".url IN (?, ?)", List.of(url, "https" + url.substring(4)));
            // www.example.com and example.com are one site to a user asking for the domain.
            case "domain" -> {
                String bare = Urls.domainOf(host);
                yield new Target(m, "(" + page + ".host = ? OR " + page + ".host = ?)", List.of(bare, "www." + bare));
            }
            case "subdomains" -> {
                String bare = Urls.domainOf(host);
                yield new Target(m, "(" + page + ".host = ? OR " + page + ".host LIKE ? ESCAPE '\\')", List.of(bare, "%." + like(bare)));
            }
            case "prefix" -> {
                // Without a path, http://example.com/ and https://example.com/ are both the site's prefix.
                String rest = url.substring(url.indexOf("://") + 3);
                yield new Target(m, "(" + page + ".url LIKE ? ESCAPE '\\' OR " + page + ".url LIKE ? ESCAPE '\\')",
                        List.of("http://" + like(rest) + "%", "https://" + like(rest) + "%"));
            }
            default -> throw new V2Error("parameter \"mode\" must be exact, domain, subdomains or prefix");
        };
        return new Target(t.mode(), t.sql(), t.args(), Urls.domainOf(host));
    }

    /**
     * The target's domains as a condition on a domains alias: the domain of the target's host, and in subdomains mode
     * every domain under it too. Every page the target condition matches is on one of them; a table that needs whole
     * domains (not only the target's pages) names them this way, which the planner sees as the one or few rows it is.
     */
    Target domains(String alias) {
        if (mode.equals("subdomains")) {
            return new Target(mode, "(" + alias + ".name = ? OR " + alias + ".name LIKE ? ESCAPE '\\')", List.of(domain, "%." + like(domain)), domain);
        }
        return new Target(mode, alias + ".name = ?", List.of(domain), domain);
    }

    /** True in the domain and subdomains modes, whose links in can be chosen by the target's domain ids. */
    boolean namesDomains() {
        return mode.equals("domain") || mode.equals("subdomains");
    }

    /** The ids of the target's domains (see {@link #domains}); the argument of {@link #onLinksInto}. */
    Target domainIds() {
        Target d = domains("ld");
        return new Target(mode, "SELECT ld.id FROM domains ld WHERE " + d.sql(), d.args(), domain);
    }

    /**
     * The target as a condition on the links into it ({@code l.to_domain_id}, the linked page's domain kept on the
     * link, V6), for the domain and subdomains modes: the same links as the condition on the linked page, found
     * through the index on (to_domain_id, id) in link id order. Empty for exact and prefix, which name pages.
     *
     * <p>With {@code domainIds} null the ids are named by a subquery. PostgreSQL runs a subquery only when it executes
     * the plan, so a query planned for its values needs them looked up first ({@link #domainIds}) and bound: for the
     * subquery it planned for an average domain (1,378 links in at 10 M links) and, for the most linked-to one (1.3 M),
     * collected and sorted all of them to keep 100 (broken_backlinks 4.8 s, 32-41 ms with the ids bound;
     * docs/v2-tables.md).
     */
    java.util.Optional<Target> onLinksInto(String link, List<Long> domainIds) {
        if (!namesDomains()) return java.util.Optional.empty();
        if (domainIds == null) {
            Target ids = domainIds();
            String op = mode.equals("domain") ? " = (" : " IN (";
            return java.util.Optional.of(new Target(mode, link + ".to_domain_id" + op + ids.sql() + ")", ids.args(), domain));
        }
        String sql = domainIds.isEmpty() ? "1 = 0"
                : domainIds.size() == 1 ? link + ".to_domain_id = ?"
                : link + ".to_domain_id IN (" + String.join(", ", java.util.Collections.nCopies(domainIds.size(), "?")) + ")";
        return java.util.Optional.of(new Target(mode, sql, List.<Object>copyOf(domainIds), domain));
    }

    /** Escapes LIKE's wildcards so that a value matches only itself. */
    static String like(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
