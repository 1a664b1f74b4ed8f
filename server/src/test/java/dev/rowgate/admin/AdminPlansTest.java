package dev.rowgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.ledger.Plan;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.Browser;
import dev.rowgate.testing.Fixtures;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /admin/plans: create a plan, edit its allowances (seen at once by the API), and bad input named on the form. */
class AdminPlansTest extends AdminTestBase {

    private Plan plan(String name) {
        return server.wiring().database().read((Tx tx) -> server.wiring().stores().plans().findByName(tx, name)).orElseThrow();
    }

    @Test
    void createWhenValidThenListedAndAudited() {
        Browser admin = admin();
        String name = "Agency " + Fixtures.next();

        assertSeeOther(post(admin, "/admin/plans", Map.of("name", name, "integration_rows", "250,000", "api_rows", "10000")),
                "/admin/plans?done=created");

        Plan p = plan(name);
        assertThat(p.integrationRows()).isEqualTo(250_000);
        assertThat(p.apiRows()).isEqualTo(10_000);
        assertThat(admin.get("/admin/plans?done=created").body()).contains(name).contains("Plan created.");
        assertThat(server.wiring().database().read((Tx tx) -> server.wiring().stores().audit().list(tx, "plan.create", null, null, 50)))
                .anySatisfy(e -> assertThat(e.detail()).containsEntry("plan", name));
    }

    @Test
    void createWhenNameTakenOrRowsBadThenFormShownAgainWithTheProblem() {
        Browser admin = admin();
        String name = "Taken " + Fixtures.next();
        server.wiring().plans().add(name, 1, 1, Plan.Period.MONTHLY);

        HttpResponse<String> taken = post(admin, "/admin/plans", Map.of("name", name, "integration_rows", "5", "api_rows", "5"));
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(taken.body()).contains("exists already").contains("value=\"" + name + "\"");

        HttpResponse<String> negative = post(admin, "/admin/plans", Map.of("name", "Neg " + Fixtures.next(), "integration_rows", "-1", "api_rows", "5"));
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("integration rows: must be 0 or more");

        HttpResponse<String> words = post(admin, "/admin/plans", Map.of("name", "Words " + Fixtures.next(), "integration_rows", "lots", "api_rows", "5"));
        assertThat(words.statusCode()).isEqualTo(400);
        assertThat(words.body()).contains("is not a whole number");
    }

    @Test
    void editWhenAllowancesChangeThenTheApiSeesTheNewLimitAtOnce() {
        Browser admin = admin();
        String name = "Editable " + Fixtures.next();
        Plan p = server.wiring().plans().add(name, 100, 10, Plan.Period.MONTHLY);
        var user = server.user();
        server.wiring().accountAdministration().setPlan(user.account().id(), name, dev.rowgate.audit.Actor.CLI);
        String key = server.wiring().apiKeys().create(user.account().id(), "k").secret();
        assertThat(json(v2(key)).get("info").get("rows_limit").asLong()).isEqualTo(10);

        assertSeeOther(post(admin, "/admin/plans/" + p.id(), Map.of("integration_rows", "700", "api_rows", "70")), "/admin/plans?done=updated");

        assertThat(plan(name).integrationRows()).isEqualTo(700);
        assertThat(json(v2(key)).get("info").get("rows_limit").asLong()).isEqualTo(70);

        HttpResponse<String> bad = post(admin, "/admin/plans/" + p.id(), Map.of("integration_rows", "", "api_rows", "1"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("integration rows: give a whole number");
        assertThat(post(admin, "/admin/plans/99999999", Map.of("integration_rows", "1", "api_rows", "1")).statusCode()).isEqualTo(404);
    }
}
