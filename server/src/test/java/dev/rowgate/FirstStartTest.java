package dev.rowgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rowgate.config.ConfigLoader;
import dev.rowgate.config.DatabaseUrl.Dialect;
import dev.rowgate.store.Jdbc;
import dev.rowgate.testing.TestDb;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The first start's demo secrets are shown once, so a start that fails must not have made them. */
class FirstStartTest {

    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Dialect.class)
    void firstStartOnBusyPortSeedsNothingThenNextStartShowsTheSecrets(Dialect dialect) throws Exception {
        try (TestDb db = TestDb.create(dialect); ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = db.url().display();
            assertThatThrownBy(() -> Server.start(ConfigLoader.load(null, Map.of(), Map.of("listen.port", Integer.toString(taken.getLocalPort()),
                    "database.url", url)), Clock.systemUTC())).hasMessageContaining("cannot listen");
            // Seeded here, the secrets would be lost: nobody saw them, and the next start finds data and seeds nothing.
            long accounts = db.open().read(tx -> Jdbc.count(tx, "SELECT count(*) FROM accounts"));
            assertThat(accounts).isZero();

            try (Server server = Server.start(ConfigLoader.load(null, Map.of(), Map.of("listen.port", "0", "database.url", url)),
                    Clock.systemUTC())) {
                assertThat(server.firstStartBanner()).hasValueSatisfying(b -> assertThat(b).contains("admin@rowgate.local  password "));
            }
        }
    }
}
