package dev.rowgate.apps;

import java.util.List;
import java.util.Objects;

/**
 * An integration app (integration-protocol.md): web apps are confidential clients with a secret, desktop apps are
 * public clients (RFC 6749 §2.1). {@code legacyTokenFlow} null means the deployment's default.
 */
public record App(
        long id, String clientId, String name, String description, Type type, Long ownerAccountId, Status status,
        String website, String logoUrl, Boolean legacyTokenFlow, List<String> redirectUris, long createdAt) {

    public enum Type {
        WEB, DESKTOP;

        public boolean confidential() {
            return this == WEB;
        }
    }

    public enum Status { PENDING, APPROVED, REJECTED, SUSPENDED }

    public App {
        Objects.requireNonNull(clientId, "clientId");
        redirectUris = List.copyOf(redirectUris);
    }

    public record New(
            String clientId, String name, String description, Type type, Long ownerAccountId, Status status,
            String website, String logoUrl, List<String> redirectUris, long createdAt) {
        public New {
            redirectUris = List.copyOf(redirectUris);
        }
    }
}
