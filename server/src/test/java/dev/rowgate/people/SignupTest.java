package dev.rowgate.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.accounts.Account;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.AgainstServer;
import dev.rowgate.testing.Browser;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /signup}: open by default, closed by the operator; the new account has no plan and is signed in at once. */
class SignupTest extends AgainstServer {

    @AfterEach
    void reopen() {
        server.wiring().lifecycle().setSignupOpen(true);
    }

    private HttpResponse<String> signUp(Browser browser, String email, String password, String again) {
        HttpResponse<String> form = browser.get("/signup?return_to=%2Fdeveloper");
        Map<String, String> fields = new LinkedHashMap<>(Browser.hiddenFields(form.body()));
        fields.put("email", email);
        fields.put("password", password);
        fields.put("password_again", again);
        return browser.post("/signup", fields);
    }

    @Test
    void aNewAccountIsSignedInAndSentOnWithoutAPlan() {
        Browser browser = server.browser();
        String email = "New-" + UUID.randomUUID() + "@Example.com";

        HttpResponse<String> r = signUp(browser, email, "long enough pw", "long enough pw");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(Browser.location(r)).isEqualTo("/developer");
        assertThat(browser.get("/developer").statusCode()).isEqualTo(200);
        Account account = server.wiring().database().read((Tx tx) -> server.wiring().stores().accounts().findByEmail(tx, Account.normalizeEmail(email)))
                .orElseThrow();
        assertThat(account.role()).isEqualTo(Account.Role.USER);
        assertThat(account.planId()).isNull();
        assertThat(browser.get("/account").body()).contains("No subscription");
    }

    @Test
    void mistakesAreNamedAndNothingIsCreated() {
        String email = "typo-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> differ = signUp(server.browser(), email, "long enough pw", "long enough pW");
        assertThat(differ.statusCode()).isEqualTo(400);
        assertThat(differ.body()).contains("The two passwords differ.").contains(email);
        HttpResponse<String> shortPw = signUp(server.browser(), email, "short", "short");
        assertThat(shortPw.statusCode()).isEqualTo(400);
        assertThat(shortPw.body()).contains("password: must be at least 8 characters");
        assertThat(server.wiring().database().read((Tx tx) -> server.wiring().stores().accounts().findByEmail(tx, email))).isEmpty();

        String taken = server.user().email();
        HttpResponse<String> dup = signUp(server.browser(), taken, "long enough pw", "long enough pw");
        assertThat(dup.statusCode()).isEqualTo(400);
        assertThat(dup.body()).contains("exists already");
    }

    @Test
    void closedSignupRefusesTheFormAndThePost() {
        Browser browser = server.browser();
        HttpResponse<String> open = browser.get("/signup");
        server.wiring().lifecycle().setSignupOpen(false);

        HttpResponse<String> closed = browser.get("/signup");
        assertThat(closed.statusCode()).isEqualTo(403);
        assertThat(closed.body()).contains("Sign-up is closed").doesNotContain("name=\"password\"");

        String email = "late-" + UUID.randomUUID() + "@example.com";
        Map<String, String> fields = new LinkedHashMap<>(Browser.hiddenFields(open.body()));
        fields.putAll(Map.of("email", email, "password", "long enough pw", "password_again", "long enough pw"));
        assertThat(browser.post("/signup", fields).statusCode()).isEqualTo(403);
        assertThat(server.wiring().database().read((Tx tx) -> server.wiring().stores().accounts().findByEmail(tx, email))).isEmpty();
    }
}
