package dev.rowgate.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rowgate.InvalidInputException;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.MutableClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppRegistrationTest extends BothDatabases {

    private AppRegistration registration() {
        return new AppRegistration(db(), stores().apps(), "https://auth.example.com", new MutableClock(1_000L));
    }

    private AppRegistration.Request web(String name, String clientId, String secret) {
        return new AppRegistration.Request(name, "", App.Type.WEB, List.of("https://client.example/cb"), clientId, secret, null, true, null, null);
    }

    @Test
    void webAppGetsSlugClientIdSecretStoredAsHashAndInvitationUrl() {
        var r = registration().register(web("Serp Avenger (dev) " + dialect, null, null));

        String slug = "serp-avenger-dev-" + dialect.name().toLowerCase();
        assertThat(r.app().clientId()).isEqualTo(slug);
        assertThat(r.app().status()).isEqualTo(App.Status.APPROVED);
        assertThat(r.clientSecret()).matches("[A-Za-z0-9_-]{43}");
        List<String> hashes = db().read((Tx tx) -> stores().apps().activeSecretHashes(tx, r.app().id(), 2_000L));
        assertThat(hashes).containsExactly(Secrets.hash(r.clientSecret()));
        assertThat(r.invitationUrl()).isEqualTo("https://auth.example.com/oauth2/authorize.php?response_type=code&client_id=" + slug
                + "&scope=api&redirect_uri=https%3A%2F%2Fclient.example%2Fcb");

        var second = registration().register(web("Serp Avenger (dev) " + dialect, null, null));
        assertThat(second.app().clientId()).isEqualTo(slug + "-2");
    }

    @Test
    void importKeepsExactClientIdWithSpacesAndSecret() {
        String clientId = "Serp Avenger-development " + dialect;
        var r = registration().register(web("Serp Avenger", clientId, "an-existing-secret-0123456789"));

        assertThat(r.app().clientId()).isEqualTo(clientId);
        assertThat(r.clientSecret()).isEqualTo("an-existing-secret-0123456789");
        assertThat(r.invitationUrl()).contains("client_id=Serp+Avenger-development+" + dialect);
        assertThatThrownBy(() -> registration().register(web("Other", clientId, null)))
                .isInstanceOf(InvalidInputException.class).hasMessage("client_id \"" + clientId + "\" is taken by another app");
    }

    @Test
    void desktopAppIsPublicWithTokenInvitation() {
        var r = registration().register(new AppRegistration.Request("Sheet Plugin " + dialect, "", App.Type.DESKTOP,
                List.of("https://auth.example.com/oauth2/token-display"), null, null, null, false, null, null));
        assertThat(r.clientSecret()).isNull();
        assertThat(r.app().status()).isEqualTo(App.Status.PENDING);
        assertThat(r.invitationUrl()).contains("response_type=token");
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        assertThatThrownBy(() -> registration().register(new AppRegistration.Request("X", "", App.Type.WEB,
                List.of("http://client.example/cb"), null, null, null, true, null, null)))
                .hasMessage("redirect URI \"http://client.example/cb\" must use https; plain http is allowed only on a loopback host (127.0.0.1, [::1], localhost)");
        assertThatThrownBy(() -> registration().register(new AppRegistration.Request("X", "", App.Type.DESKTOP,
                List.of("http://127.0.0.1/cb"), null, "a-secret-for-a-public-client", null, true, null, null)))
                .hasMessage("client secret: only web apps have one; desktop apps are public clients");
        assertThatThrownBy(() -> registration().register(web("X", "bad\tid", null)))
                .hasMessage("client_id: must be printable (no control characters)");
        assertThatThrownBy(() -> registration().register(web("X", "x".repeat(101), null)))
                .hasMessage("client_id: must be 1 to 100 characters");
        assertThatThrownBy(() -> registration().register(web(" ", null, null))).hasMessage("name: must be 1 to 100 characters");
    }
}
