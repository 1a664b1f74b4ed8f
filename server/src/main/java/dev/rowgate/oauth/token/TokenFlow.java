package dev.rowgate.oauth.token;

import dev.rowgate.oauth.client.AuthenticatedClient;
import dev.rowgate.web.Form;

/** One grant type of the token endpoint (node-oidc-provider's grant modules): only that grant's rules. */
public interface TokenFlow {

    /** The grant_type value this flow answers. */
    String grantType();

    /** RFC 6749 §5.1 success; failures are OAuthExceptions from the catalogue. */
    TokenResponse exchange(AuthenticatedClient client, Form form, String ip);
}
