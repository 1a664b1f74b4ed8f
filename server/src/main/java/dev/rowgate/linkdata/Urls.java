package dev.rowgate.linkdata;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One spelling per URL, so that a page loaded twice or linked under another spelling is the same row: lower-case
 * scheme and host, IDN hosts in punycode (RFC 3492, as DNS sees them), no default port, no fragment, "/" for an
 * empty path. A target of the v2 API is normalized the same way (with http:// assumed when it has no scheme).
 */
public final class Urls {

    /** A DNS name after punycode (letters, digits, hyphens, underscores, dots) or an IP literal. */
    private static final java.util.regex.Pattern HOST =
            java.util.regex.Pattern.compile("([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*|\\[[0-9a-f:.]+\\]");

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

    private Urls() {}

    /** The normalized URL, or null when it is not an absolute http(s) URL with a host. */
    public static String normalize(String url) {
        if (url == null) return null;
        String s = url.strip();
        if (s.isEmpty() || s.length() > 4000) return null;
        if (!s.contains("://")) s = "http://" + s;
        URI u;
        try {
            u = new URI(s.replace(" ", "%20"));
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) return null;
        String host = host(u);
        if (host == null) return null;
        int port = u.getPort();
        boolean defaultPort = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return scheme + "://" + host + (defaultPort ? "" : ":" + port) + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private static String host(URI u) {
        String host = u.getHost();
        if (host == null) {
            // URI leaves getHost() null for non-ASCII (IDN) hosts: take it from the authority.
            String authority = u.getRawAuthority();
            if (authority == null) return null;
            host = authority.replaceAll("^.*@", "").replaceAll(":\\d+$", "");
        }
        try {
            host = IDN.toASCII(host.toLowerCase(Locale.ROOT), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
        if (host.isEmpty() || host.length() > 253) return null;
        if (IPV4.matcher(host).matches() || host.startsWith("[")) return HOST.matcher(host).matches() || IPV4.matcher(host).matches() ? host : null;
        // A web host has at least two labels and a top-level label that is not all digits ("42" is not a host).
        int lastDot = host.lastIndexOf('.');
        if (lastDot < 0 || host.substring(lastDot + 1).chars().allMatch(Character::isDigit)) return null;
        return HOST.matcher(host).matches() ? host : null;
    }

    /** The host of a normalized URL. */
    public static String hostOf(String normalizedUrl) {
        int start = normalizedUrl.indexOf("://") + 3;
        int end = start;
        while (end < normalizedUrl.length() && normalizedUrl.charAt(end) != '/' && normalizedUrl.charAt(end) != ':') end++;
        return normalizedUrl.substring(start, end);
    }

    /**
     * The domain a page counts toward for domain_rating and referring domains: its host without a leading "www."
     * (a documented simplification: no public-suffix list, so blog.example.com and example.com are two domains).
     */
    public static String domainOf(String host) {
        return host.startsWith("www.") ? host.substring(4) : host;
    }
}
