package dev.rowgate.apps;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The URL an app sends a user to (integration-protocol.md, "Invitation URL"). It already carries a query string,
 * so the app appends {@code &state=...}. Web apps get {@code response_type=code}, desktop apps {@code token}.
 */
public final class InvitationUrl {

    private InvitationUrl() {}

    public static String of(String issuer, App app) {
        String responseType = app.type() == App.Type.WEB ? "code" : "token";
        String redirect = app.redirectUris().isEmpty() ? "" : "&redirect_uri=" + encode(app.redirectUris().getFirst());
        return issuer + "/oauth2/authorize.php?response_type=" + responseType + "&client_id=" + encode(app.clientId())
                + "&scope=api" + redirect;
    }

    /** application/x-www-form-urlencoded, as browsers and clients decode query strings (a space becomes +). */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
