package dev.rowgate.oauth;

import dev.rowgate.oauth.authorize.AuthorizeEndpoint;
import dev.rowgate.oauth.device.DeviceAuthorizationEndpoint;
import dev.rowgate.oauth.introspect.IntrospectionEndpoint;
import dev.rowgate.oauth.metadata.MetadataEndpoint;
import dev.rowgate.oauth.revoke.RevocationEndpoint;
import dev.rowgate.oauth.token.TokenEndpoint;
import dev.rowgate.web.ErrorPage;
import dev.rowgate.web.HttpServer;
import dev.rowgate.web.Pages;
import io.javalin.config.RoutesConfig;

/** Where the protocol lives, the legacy paths (integration-protocol.md) beside their aliases, declared once. */
public record OAuthRoutes(
        AuthorizeEndpoint authorize, TokenEndpoint token, RevocationEndpoint revoke, IntrospectionEndpoint introspect,
        MetadataEndpoint metadata, DeviceAuthorizationEndpoint device, Pages pages) implements HttpServer.RouteGroup {

    @Override
    public void register(RoutesConfig routes) {
        for (String path : new String[] {"/oauth2/authorize.php", "/oauth2/authorize"}) {
            routes.get(path, authorize::handle);
            routes.post(path, authorize::handle); // RFC 6749 §3.1: MAY support POST; the consent form posts here
        }
        routes.post("/oauth2/token.php", token::handle);
        routes.post("/oauth2/token", token::handle);
        routes.post("/oauth2/revoke", revoke::handle);
        routes.post("/oauth2/introspect", introspect::handle);
        routes.post("/oauth2/device_authorization", device::handle);
        routes.get("/.well-known/oauth-authorization-server", metadata::handle);
        // The token is rendered on the consent response itself; reaching this page directly shows what it is for.
        routes.get("/oauth2/token-display", ctx -> pages.render(ctx, 200, "error.jte", new ErrorPage("Access token",
                "This page shows a desktop app's access token right after you allow the app. Start from the app to get one.")));
    }
}
