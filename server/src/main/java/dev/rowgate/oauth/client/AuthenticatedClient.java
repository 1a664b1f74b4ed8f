package dev.rowgate.oauth.client;

import dev.rowgate.apps.App;

/** The app that made a request, and how it proved it (RFC 8414 token_endpoint_auth_methods_supported names). */
public record AuthenticatedClient(App app, Method method) {

    public enum Method {
        CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, NONE;

        public String rfcName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
