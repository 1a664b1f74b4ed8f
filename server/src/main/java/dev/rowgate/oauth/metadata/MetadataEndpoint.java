package dev.rowgate.oauth.metadata;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /.well-known/oauth-authorization-server} (RFC 8414 §3). The issuer is exactly the configured one (no
 * trailing slash added), every endpoint is listed, and {@code authorization_response_iss_parameter_supported} says
 * that every authorization response carries iss (RFC 9207 §3).
 */
public final class MetadataEndpoint {

    private final Map<String, Object> document;

    public MetadataEndpoint(String issuer, Set<String> grantTypes, boolean legacyTokenFlow) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("authorization_endpoint", issuer + "/oauth2/authorize");
        m.put("token_endpoint", issuer + "/oauth2/token");
        m.put("device_authorization_endpoint", issuer + "/oauth2/device_authorization");
        m.put("revocation_endpoint", issuer + "/oauth2/revoke");
        m.put("introspection_endpoint", issuer + "/oauth2/introspect");
        m.put("scopes_supported", List.of("api"));
        m.put("response_types_supported", legacyTokenFlow ? List.of("code", "token") : List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", List.copyOf(new TreeSet<>(grantTypes)));
        List<String> auth = List.of("client_secret_basic", "client_secret_post", "none");
        m.put("token_endpoint_auth_methods_supported", auth);
        m.put("revocation_endpoint_auth_methods_supported", auth);
        m.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        m.put("code_challenge_methods_supported", List.of("S256"));
        m.put("authorization_response_iss_parameter_supported", true);
        m.put("service_documentation", issuer + "/");
        this.document = java.util.Collections.unmodifiableMap(m); // insertion order kept for readable output
    }

    public void handle(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.json(document);
    }
}
