package dev.rowgate.oauth.token;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The token endpoint's success body, exactly the five fields of integration-protocol.md in this order (RFC 6749 §5.1):
 * {@code {"access_token":"…","expires_in":3600,"token_type":"bearer","scope":"api","refresh_token":"…"}}.
 */
@JsonPropertyOrder({"access_token", "expires_in", "token_type", "scope", "refresh_token"})
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("scope") String scope,
        @JsonProperty("refresh_token") String refreshToken) {

    public static TokenResponse bearer(IssuedTokens t) {
        return new TokenResponse(t.accessToken(), t.expiresIn(), "bearer", t.scope(), t.refreshToken());
    }
}
