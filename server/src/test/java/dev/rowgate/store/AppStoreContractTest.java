package dev.rowgate.store;

import dev.rowgate.store.Tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rowgate.apps.App;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppStoreContractTest extends BothDatabases {

    @Test
    void insertKeepsClientIdWithSpacesAndRedirectUrisInOrder() {
        String clientId = "Serp Avenger-development " + Fixtures.next();
        List<String> uris = List.of("https://b.example/cb", "https://a.example/cb?x=1", "http://127.0.0.1/native");
        long id = db().inTransaction((Tx tx) -> stores().apps().insert(tx, new App.New(clientId, "Serp Avenger", "desc", App.Type.WEB,
                null, App.Status.PENDING, "https://serp.example", "https://serp.example/logo.png", uris, 5L)));

        App app = db().read((Tx tx) -> stores().apps().findByClientId(tx, clientId)).orElseThrow();

        assertThat(app.id()).isEqualTo(id);
        assertThat(app.clientId()).isEqualTo(clientId);
        assertThat(app.redirectUris()).containsExactlyElementsOf(uris);
        assertThat(app.type()).isEqualTo(App.Type.WEB);
        assertThat(app.status()).isEqualTo(App.Status.PENDING);
        assertThat(app.website()).isEqualTo("https://serp.example");
        assertThat(app.legacyTokenFlow()).isNull();
        assertThat(db().read((Tx tx) -> stores().apps().findById(tx, id))).contains(app);
    }

    @Test
    void clientIdIsUniqueAndCaseSensitive() {
        String clientId = "MyApp" + Fixtures.next();
        App.New app = new App.New(clientId, "n", "", App.Type.DESKTOP, null, App.Status.APPROVED, null, null, List.of("http://127.0.0.1/cb"), 1L);
        db().inTransaction((Tx tx) -> stores().apps().insert(tx, app));
        assertThatThrownBy(() -> db().inTransaction((Tx tx) -> stores().apps().insert(tx, app))).isInstanceOf(DuplicateKeyException.class);
        db().inTransaction((Tx tx) -> stores().apps().insert(tx, new App.New(clientId.toLowerCase(), "n", "", App.Type.DESKTOP, null,
                App.Status.APPROVED, null, null, List.of("http://127.0.0.1/cb"), 1L)));
        assertThat(db().read((Tx tx) -> stores().apps().findByClientId(tx, clientId.toUpperCase()))).isEmpty();
    }

    @Test
    void secretsOverlapDuringRotationThenTheOldOneExpires() {
        long appId = new Fixtures(db(), stores()).app(App.Type.WEB);
        db().inTransaction((Tx tx) -> stores().apps().addSecret(tx, appId, "old-hash", 100L, 2_000L));
        db().inTransaction((Tx tx) -> stores().apps().addSecret(tx, appId, "new-hash", 1_000L, null));

        assertThat(db().read((Tx tx) -> stores().apps().activeSecretHashes(tx, appId, 1_500L))).containsExactly("old-hash", "new-hash");
        assertThat(db().read((Tx tx) -> stores().apps().activeSecretHashes(tx, appId, 2_000L))).containsExactly("new-hash");
        // With their ends, which client authentication keeps a remembered client no longer than.
        assertThat(db().read((Tx tx) -> stores().apps().activeSecrets(tx, appId, 1_500L)))
                .containsExactly(new dev.rowgate.apps.AppStore.ActiveSecret("old-hash", 2_000L), new dev.rowgate.apps.AppStore.ActiveSecret("new-hash", null));
    }

    @Test
    void statusChangesAndListsByOwner() {
        Fixtures f = new Fixtures(db(), stores());
        long owner = f.account();
        long mine = db().inTransaction((Tx tx) -> stores().apps().insert(tx, new App.New("owned-" + Fixtures.next(), "Mine", "", App.Type.WEB,
                owner, App.Status.PENDING, null, null, List.of("https://mine.example/cb"), 1L)));
        long other = f.app(App.Type.WEB);

        assertThat(db().inTransaction((Tx tx) -> stores().apps().setStatus(tx, mine, App.Status.SUSPENDED, 9L))).isTrue();

        assertThat(db().read((Tx tx) -> stores().apps().listByOwner(tx, owner))).singleElement()
                .satisfies(a -> {
                    assertThat(a.id()).isEqualTo(mine);
                    assertThat(a.status()).isEqualTo(App.Status.SUSPENDED);
                    assertThat(a.redirectUris()).containsExactly("https://mine.example/cb");
                });
        assertThat(db().read((Tx tx) -> stores().apps().list(tx))).extracting(App::id).contains(mine, other);
    }
}
