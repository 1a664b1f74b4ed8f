package dev.rowgate.oauth.authorize;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Adds response parameters to a redirect URI, keeping the query it already has (RFC 6749 §3.1.2). */
final class Redirects {

    private Redirects() {}

    static String withParameters(String redirectUri, Map<String, String> parameters) {
        StringBuilder sb = new StringBuilder(redirectUri);
        char sep = redirectUri.indexOf('?') >= 0 ? (redirectUri.endsWith("?") || redirectUri.endsWith("&") ? 0 : '&') : '?';
        for (var e : parameters.entrySet()) {
            if (e.getValue() == null) continue;
            if (sep != 0) sb.append(sep);
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }
}
