package dev.rowgate.apps;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The redirect URI rules, applied at registration: an absolute URI without fragment (RFC 6749 §3.1.2), https, or
 * http only on a loopback host (RFC 8252 §7.3, RFC 9700 §2.1: no plain http elsewhere). Desktop apps may also use a
 * private-use scheme such as {@code com.example.app:/callback} (RFC 8252 §7.1), and Rowgate's own
 * {@code {issuer}/oauth2/token-display} page.
 */
public final class RedirectUris {

    private RedirectUris() {}

    /** Why the URI cannot be registered for an app of this type, or null when it can. */
    public static String problem(String uri, App.Type type) {
        if (uri == null || uri.isBlank()) return "is empty";
        if (uri.length() > 2000) return "is longer than 2000 characters";
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return "is not a valid URI (" + e.getReason() + ")";
        }
        if (!parsed.isAbsolute()) return "must be absolute (https://...)";
        if (parsed.getRawFragment() != null || uri.contains("#")) return "must not contain a fragment (#...)";
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) return parsed.getHost() == null ? "has no host" : null;
        if (scheme.equals("http")) {
            if (isLoopback(parsed.getHost())) return null;
            return "must use https; plain http is allowed only on a loopback host (127.0.0.1, [::1], localhost)";
        }
        if (type == App.Type.DESKTOP && scheme.contains(".")) return null;
        return "must use https (or, for desktop apps, a loopback http URI or a private-use scheme like com.example.app:/cb)";
    }

    public static boolean isLoopback(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }
}
