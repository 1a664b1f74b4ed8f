package dev.rowgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.apps.App;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.Fixtures;
import dev.rowgate.testing.Http;
import dev.rowgate.testing.TestServer;
import dev.rowgate.testing.TokenClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The audit log viewer (filters by event, account, app and day; 50 events a page) and the app import (CSV or JSON,
 * pasted or uploaded; all or nothing, with a report naming each bad line).
 */
class AdminAuditImportTest extends AdminTestBase {

    private Optional<App> app(String clientId) {
        return server.wiring().database().read((Tx tx) -> server.wiring().stores().apps().findByClientId(tx, clientId));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void auditWhenFilteredThenOnlyMatchingEventsAndPagesOfFifty() {
        Browser admin = admin();
        TestServer.User user = server.user();
        TestServer.Client client = server.webApp();
        var audit = server.wiring().audit();
        String event = "test.event" + Fixtures.next();
        for (int i = 0; i < 55; i++) audit.record(event, user.account().id(), client.app().id(), "192.0.2." + i, Map.of("n", i));
        audit.record(event, null, null, null, Map.of("n", "no account"));

        HttpResponse<String> byEvent = admin.get("/admin/audit?event=" + event);
        assertThat(byEvent.statusCode()).isEqualTo(200);
        assertThat(byEvent.body()).contains("no account").contains("192.0.2.54").doesNotContain("192.0.2.4<").contains("Older");
        HttpResponse<String> older = admin.get("/admin/audit?event=" + event + "&page=2");
        assertThat(older.body()).contains("192.0.2.4<").contains("192.0.2.0<").contains("Newer").doesNotContain("Older<");

        HttpResponse<String> byEmail = admin.get("/admin/audit?event=" + event + "&account=" + enc(user.email()));
        assertThat(byEmail.body()).contains(user.email()).doesNotContain("no account");
        assertThat(admin.get("/admin/audit?event=" + event + "&account=" + user.account().id()).body()).doesNotContain("no account");
        assertThat(admin.get("/admin/audit?event=" + event + "&app=" + enc(client.clientId())).body()).contains(client.clientId())
                .doesNotContain("no account");

        String today = Instant.ofEpochMilli(server.clock().millis()).atZone(ZoneOffset.UTC).toLocalDate().toString();
        assertThat(admin.get("/admin/audit?event=" + event + "&from=" + today + "&to=" + today).body()).contains("192.0.2.54");
        assertThat(admin.get("/admin/audit?event=" + event + "&from=2001-01-01&to=2001-01-02").body()).contains("No events match.");

        HttpResponse<String> unknown = admin.get("/admin/audit?account=nobody-" + Fixtures.next() + "@example.com");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("account: no account with email").contains("<form method=\"get\" action=\"/admin/audit\"");
        assertThat(admin.get("/admin/audit?app=" + enc("no such app")).body()).contains("app: no app with client_id");
        assertThat(admin.get("/admin/audit?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(admin.get("/admin/audit?from=2020-02-02&to=2020-01-01").body()).contains("to: must be the same day as from or later");
    }

    @Test
    void importWhenCsvValidThenAppsKeepTheirExactClientIdAndSecret() {
        Browser admin = admin();
        TestServer.User owner = server.user();
        String n = Integer.toString(Fixtures.next());
        String webId = "Serp Avenger-development " + n;
        String secret = "legacy-secret-" + n + "-0123456789";
        String csv = "client_id,name,type,redirect_uris,secret,owner_email,status\n"
                + "\"" + webId + "\",\"Serp, Avenger\",web,https://serp.example/cb https://serp.example/cb2," + secret + "," + owner.email() + ",\n"
                + "desk-" + n + ",Desk,desktop,http://127.0.0.1/cb,,,pending\n";

        HttpResponse<String> r = post(admin, "/admin/import", Map.of("data", csv));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("Imported 2 app(s)").doesNotContain(secret);
        App web = app(webId).orElseThrow();
        assertThat(web.name()).isEqualTo("Serp, Avenger");
        assertThat(web.status()).isEqualTo(App.Status.APPROVED);
        assertThat(web.ownerAccountId()).isEqualTo(owner.account().id());
        assertThat(web.redirectUris()).containsExactly("https://serp.example/cb", "https://serp.example/cb2");
        assertThat(app("desk-" + n).orElseThrow().status()).isEqualTo(App.Status.PENDING);
        // The secret works at the token endpoints (introspection authenticates the client), with the client_id's spaces.
        HttpResponse<String> introspect = new TokenClient(server.issuer()).post("/oauth2/introspect", Map.of("token", "0".repeat(40)),
                TokenClient.basic(webId, secret));
        assertThat(introspect.statusCode()).as(introspect.body()).isEqualTo(200);
        assertThat(server.wiring().database().read((Tx tx) -> server.wiring().stores().audit().list(tx, "app.import", null, web.id(), 5))).hasSize(1);
    }

    @Test
    void importWhenSomeLinesBadThenNothingImportedAndEachBadLineNamed() {
        Browser admin = admin();
        String n = Integer.toString(Fixtures.next());
        TestServer.Client existing = server.webApp();
        String csv = "client_id,type,redirect_uris,secret\n"
                + "good-" + n + ",desktop,http://127.0.0.1/cb,\n"
                + "bad-type-" + n + ",mobile,https://a.example/cb,\n"
                + existing.clientId() + ",desktop,http://127.0.0.1/cb,\n"
                + "no-secret-" + n + ",web,https://a.example/cb,\n"
                + "good-" + n + ",desktop,http://127.0.0.1/cb2,\n"
                + "bad-uri-" + n + ",web,http://plain.example/cb,0123456789abcdef0123\n";

        HttpResponse<String> r = post(admin, "/admin/import", Map.of("data", csv));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Nothing was imported").contains("line 3: type: must be web or desktop")
                .contains("line 4: client_id").contains("is taken by another app")
                .contains("line 5: secret: a web app needs its existing client secret")
                .contains("line 6: client_id").contains("is also on line 2")
                .contains("line 7: redirect URI").doesNotContain("line 2:");
        assertThat(r.body()).contains("bad-type-" + n); // the text is shown again for fixing
        assertThat(app("good-" + n)).isEmpty();

        HttpResponse<String> json = post(admin, "/admin/import", Map.of("data", "[{\"client_id\": \"j-" + n + "\", \"type\": \"desktop\", "
                + "\"redirect_uris\": [\"http://127.0.0.1/a\"], \"colour\": \"red\"}]"));
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.body()).contains("record 1: unknown field").contains("colour");
        assertThat(post(admin, "/admin/import", Map.of("data", "")).body()).contains("paste the CSV or JSON");
    }

    @Test
    void importWhenJsonUploadedAsFileThenImported() {
        Browser admin = admin();
        String n = Integer.toString(Fixtures.next());
        String json = "[{\"client_id\": \"Json App " + n + "\", \"name\": \"Json App\", \"type\": \"web\", "
                + "\"redirect_uris\": [\"https://j.example/cb\", \"https://j.example/cb2\"], \"secret\": \"json-secret-0123456789\", \"status\": \"suspended\"}]";
        String boundary = "----rowgate" + n;
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf(admin) + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"apps.json\"\r\nContent-Type: application/json\r\n\r\n"
                + json + "\r\n--" + boundary + "--\r\n";

        HttpResponse<String> r = admin.send(HttpRequest.newBuilder(URI.create(server.url("/admin/import")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        App app = app("Json App " + n).orElseThrow();
        assertThat(app.status()).isEqualTo(App.Status.SUSPENDED);
        assertThat(app.redirectUris()).containsExactly("https://j.example/cb", "https://j.example/cb2");
        assertThat(Http.get(server.url("/admin/import")).statusCode()).isEqualTo(303);
    }
}
