package dev.rowgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.accounts.Account;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.OAuthTestKit;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the operator console tests share: a signed-in operator, its forms, and calls through the real API. */
abstract class AdminTestBase extends AgainstServer {

    /** The account of the last {@link #admin()}. */
    protected Account lastAdmin;

    /** An operator account, signed in. */
    protected Browser admin() {
        String email = "admin" + Fixtures.next() + "@example.com";
        String password = "admin-password-" + Fixtures.next();
        Account a = server.wiring().accountRegistration().create(email, password, Account.Role.ADMIN, null);
        Browser b = server.browser();
        b.signIn(new TestServer.User(email, password, a));
        lastAdmin = a;
        return b;
    }

    protected Browser signedIn(TestServer.User user) {
        Browser b = server.browser();
        b.signIn(user);
        return b;
    }

    /** The session's CSRF token, from the sign-out form every signed-in page carries. */
    protected static String csrf(Browser b) {
        String token = Browser.hiddenFields(b.get("/").body()).get("csrf");
        assertThat(token).as("csrf field on the home page").isNotNull();
        return token;
    }

    /** A POST of a console form with the session's CSRF token. */
    protected static HttpResponse<String> post(Browser b, String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("csrf", csrf(b));
        return b.post(path, form);
    }

    protected static void assertSeeOther(HttpResponse<String> r, String locationStart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(Browser.location(r)).startsWith(locationStart);
    }

    /** An access and refresh token of a fresh user for the app. */
    protected record Tokens(String access, String refresh, TestServer.User user) {}

    protected Tokens tokens(TestServer.Client client) {
        return tokens(client, server.user());
    }

    protected Tokens tokens(TestServer.Client client, TestServer.User user) {
        String code = OAuthTestKit.code(server, client, user, "");
        JsonNode t = OAuthTestKit.tokens(new TokenClient(server.issuer()), client, code);
        return new Tokens(t.get("access_token").asText(), t.get("refresh_token").asText(), user);
    }

    /** {@code subscription_info} through the v2 API with a token or key. */
    protected HttpResponse<String> v2(String token) {
        return Http.get(server.url("/v2/?from=subscription_info&token=" + token));
    }

    protected static JsonNode json(HttpResponse<String> r) {
        return TokenClient.json(r);
    }

    /** RFC 7662 introspection, asked by another approved web app acting as a resource server. */
    protected boolean active(TestServer.Client resourceServer, String token) {
        HttpResponse<String> r = new TokenClient(server.issuer()).post("/oauth2/introspect", Map.of("token", token,
                "client_id", resourceServer.clientId(), "client_secret", resourceServer.secret()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("active").asBoolean();
    }
}
