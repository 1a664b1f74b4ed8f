package dev.rowgate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.store.Tx;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The operator's switches, stored in the settings table and read by every node (through a one-second cache). */
class LifecycleTest extends BothDatabases {

    private final MutableClock clock = new MutableClock(1_800_000_000_000L);

    @Test
    void settingsArePutOverwrittenAndRemoved() {
        db().inTransaction((Tx tx) -> {
            stores().settings().put(tx, "test.a", "1", 5L);
            stores().settings().put(tx, "test.a", "2", 6L);
            stores().settings().put(tx, "test.b", "x", 6L);
            return null;
        });
        assertThat(db().read((Tx tx) -> stores().settings().get(tx, "test.a"))).contains("2");
        assertThat(db().read((Tx tx) -> stores().settings().all(tx))).containsEntry("test.a", "2").containsEntry("test.b", "x");
        db().inTransaction((Tx tx) -> {
            stores().settings().remove(tx, "test.a");
            return null;
        });
        assertThat(db().read((Tx tx) -> stores().settings().get(tx, "test.a"))).isEmpty();
    }

    @Test
    void submissionsAndSignupAreOpenUntilClosedAndTheMessageComesBack() {
        Lifecycle lifecycle = new Lifecycle(db(), stores().settings(), clock);
        assertThat(lifecycle.submissions()).isEqualTo(new Lifecycle.Submissions(true, ""));
        assertThat(lifecycle.signupOpen()).isTrue();

        lifecycle.setSubmissions(false, "  Closed while we move to v3.  ");
        lifecycle.setSignupOpen(false);
        assertThat(lifecycle.submissions()).isEqualTo(new Lifecycle.Submissions(false, "Closed while we move to v3."));
        assertThat(lifecycle.signupOpen()).isFalse();

        lifecycle.setSubmissions(false, "");
        assertThat(lifecycle.submissions().message()).isEqualTo(Lifecycle.DEFAULT_CLOSED_MESSAGE);
        lifecycle.setSubmissions(true, null);
        lifecycle.setSignupOpen(true);
        assertThat(lifecycle.submissions().open()).isTrue();
    }

    @Test
    void aSunsetIsDeprecatedFromWhenItWasSetAndPassesAtItsDate() {
        Lifecycle lifecycle = new Lifecycle(db(), stores().settings(), clock);
        Instant sunset = clock.instant().plus(Duration.ofDays(30));
        lifecycle.setSunset(Lifecycle.AccessPath.API_KEYS, sunset);

        Lifecycle.Sunset s = lifecycle.sunset(Lifecycle.AccessPath.API_KEYS).orElseThrow();
        assertThat(s.deprecatedAt()).isEqualTo(clock.instant());
        assertThat(s.sunsetAt()).isEqualTo(sunset);
        assertThat(s.passed(clock.instant())).isFalse();
        assertThat(s.passed(sunset)).isTrue();
        assertThat(lifecycle.sunset(Lifecycle.AccessPath.INTEGRATION_APPS)).isEmpty();

        lifecycle.setSunset(Lifecycle.AccessPath.API_KEYS, null);
        assertThat(lifecycle.sunset(Lifecycle.AccessPath.API_KEYS)).isEmpty();
    }

    @Test
    void anotherNodesChangeIsSeenOnceTheOneSecondCacheExpires() {
        Lifecycle here = new Lifecycle(db(), stores().settings(), clock);
        Lifecycle otherNode = new Lifecycle(db(), stores().settings(), clock);
        here.setAutoApprove(false);
        assertThat(here.autoApprove()).isFalse();

        otherNode.setAutoApprove(true);
        assertThat(here.autoApprove()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(here.autoApprove()).isTrue();
    }
}
