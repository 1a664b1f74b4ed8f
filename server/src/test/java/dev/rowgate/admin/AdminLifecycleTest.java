package dev.rowgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * /admin/lifecycle, and the sunset of an access path as the API shows it (integration-protocol.md, "Lifecycle"):
 * before the sunset the path's answers carry Deprecation (RFC 9745) and Sunset (RFC 8594) headers and the other path's
 * do not; after it (the test clock moved past it) the path's calls fail with an error naming the date, and the other
 * path keeps working.
 */
class AdminLifecycleTest extends AdminTestBase {

    @AfterEach
    void clearSunsets() {
        for (Lifecycle.AccessPath p : Lifecycle.AccessPath.values()) server.wiring().lifecycle().setSunset(p, null);
        server.wiring().lifecycle().setSubmissions(true, null);
        server.wiring().lifecycle().setAutoApprove(false);
        server.wiring().lifecycle().setSignupOpen(true);
    }

    private java.util.List<String> events() {
        return server.wiring().database().read((Tx tx) -> server.wiring().stores().audit().events(tx));
    }

    @Test
    void switchesWhenPostedThenSavedShownAndAudited() {
        Browser admin = admin();

        assertSeeOther(post(admin, "/admin/lifecycle/submissions", Map.of("open", "false", "message", "Back in March.")), "/admin/lifecycle?done=saved");
        assertSeeOther(post(admin, "/admin/lifecycle/auto-approve", Map.of("on", "true")), "/admin/lifecycle");
        assertSeeOther(post(admin, "/admin/lifecycle/signup", Map.of("open", "false")), "/admin/lifecycle");

        Lifecycle l = server.wiring().lifecycle();
        assertThat(l.submissions()).isEqualTo(new Lifecycle.Submissions(false, "Back in March."));
        assertThat(l.autoApprove()).isTrue();
        assertThat(l.signupOpen()).isFalse();
        assertThat(admin.get("/admin/lifecycle").body()).contains("Back in March.").contains("Turn auto-approve off").contains("Open sign-up");
        assertThat(admin.get("/admin").body()).contains("closed: “Back in March.”");
        assertThat(events()).contains("lifecycle.submissions", "lifecycle.auto_approve", "lifecycle.signup");

        HttpResponse<String> bad = post(admin, "/admin/lifecycle/signup", Map.of("open", "maybe"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("open: must be true or false");
        HttpResponse<String> badDate = post(admin, "/admin/lifecycle/sunset", Map.of("path", "api_keys", "action", "set", "date", "next year"));
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.body()).contains("is not a date");
        HttpResponse<String> badPath = post(admin, "/admin/lifecycle/sunset", Map.of("path", "v1", "action", "set", "date", "2030-01-01"));
        assertThat(badPath.statusCode()).isEqualTo(400);
        assertThat(badPath.body()).contains("path: must be api_keys or integration_apps");
    }

    @Test
    void sunsetOfApiKeysWhenBeforeThenHeadersOnKeyCallsOnlyAndAfterThenKeyCallsFailWhileAppsWork() {
        Browser admin = admin();
        TestServer.Client client = server.webApp();
        Tokens t = tokens(client);
        String key = server.wiring().apiKeys().create(t.user().account().id(), "script").secret();
        Instant now = Instant.ofEpochMilli(server.clock().millis());
        Instant sunset = now.plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);

        assertSeeOther(post(admin, "/admin/lifecycle/sunset", Map.of("path", "api_keys", "action", "set", "date", sunset.toString())),
                "/admin/lifecycle");

        HttpResponse<String> before = v2(key);
        assertThat(json(before).has("info")).isTrue();
        assertThat(before.headers().firstValue("Deprecation")).contains("@" + now.getEpochSecond());
        assertThat(before.headers().firstValue("Sunset")).contains(DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                .withZone(ZoneOffset.UTC).format(sunset));
        HttpResponse<String> app = v2(t.access());
        assertThat(app.headers().firstValue("Deprecation")).isEmpty();
        assertThat(app.headers().firstValue("Sunset")).isEmpty();
        assertThat(admin.get("/admin/lifecycle").body()).contains("sunset on");

        server.clock().advance(Duration.ofMinutes(10));

        HttpResponse<String> after = v2(key);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(json(after).get("error").asText()).isEqualTo("Direct API access with personal API keys ended on " + sunset
                + " (sunset); see the operator's announcement for what replaces it");
        assertThat(after.headers().firstValue("Sunset")).isPresent();
        assertThat(after.headers().firstValue("X-Rows-Charged")).contains("0");
        assertThat(json(v2(t.access())).get("info").get("rows_left").asLong()).isPositive();
        assertThat(admin.get("/admin").body()).contains("ended on");

        assertSeeOther(post(admin, "/admin/lifecycle/sunset", Map.of("path", "api_keys", "action", "clear")), "/admin/lifecycle");
        HttpResponse<String> cleared = v2(key);
        assertThat(json(cleared).has("info")).isTrue();
        assertThat(cleared.headers().firstValue("Deprecation")).isEmpty();
        assertThat(server.wiring().database().read((Tx tx) -> server.wiring().stores().audit().list(tx, "lifecycle.sunset", null, null, 10)))
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void sunsetOfIntegrationAppsWhenPassedThenAppTokensFailOnTheApiAndIntrospectionWhileKeysWork() {
        Browser admin = admin();
        TestServer.Client client = server.webApp();
        TestServer.Client resourceServer = server.webApp();
        Tokens t = tokens(client);
        String key = server.wiring().apiKeys().create(t.user().account().id(), "script").secret();
        Instant sunset = Instant.ofEpochMilli(server.clock().millis()).plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MINUTES)
                .plus(Duration.ofMinutes(1));
        String typed = sunset.toString().substring(0, 16); // as a datetime-local input sends it, UTC

        assertSeeOther(post(admin, "/admin/lifecycle/sunset", Map.of("path", "integration_apps", "action", "set", "date", typed)),
                "/admin/lifecycle");
        assertThat(v2(t.access()).headers().firstValue("Sunset")).isPresent();
        assertThat(active(resourceServer, t.access())).isTrue();

        server.clock().advance(Duration.ofMinutes(7));

        assertThat(json(v2(t.access())).get("error").asText()).startsWith("API access through integration apps ended on " + sunset);
        assertThat(active(resourceServer, t.access())).isFalse();
        HttpResponse<String> keyCall = v2(key);
        assertThat(json(keyCall).has("info")).isTrue();
        assertThat(keyCall.headers().firstValue("Sunset")).isEmpty();
    }
}
