package dev.rowgate.oauth.token;

import dev.rowgate.oauth.OAuthError;
import dev.rowgate.oauth.client.AuthenticatedClient;
import dev.rowgate.oauth.client.ClientAuthenticator;
import dev.rowgate.web.Form;
import dev.rowgate.web.NoStore;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code POST /oauth2/token.php} and {@code /oauth2/token}: everything generic, once: no-store headers, strict form
 * parsing (repeated parameters refused), client authentication, grant_type dispatch. Each {@link TokenFlow} holds
 * only its own grant's rules.
 */
public final class TokenEndpoint {

    private final ClientAuthenticator clients;
    private final Map<String, TokenFlow> flows;

    public TokenEndpoint(ClientAuthenticator clients, List<TokenFlow> flows) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.flows = flows.stream().collect(Collectors.toUnmodifiableMap(TokenFlow::grantType, Function.identity()));
    }

    public void handle(Context ctx) {
        NoStore.apply(ctx); // RFC 6749 §5.1, on errors too
        Form form = Form.body(ctx);
        AuthenticatedClient client = clients.authenticate(ctx, form);
        String grantType = form.one("grant_type");
        TokenFlow flow = flows.get(grantType);
        if (flow == null) throw OAuthError.UNSUPPORTED_GRANT_TYPE.because("grant_type " + grantType);
        ctx.json(flow.exchange(client, form, ctx.ip()));
    }

    public java.util.Set<String> grantTypes() {
        return flows.keySet();
    }
}
