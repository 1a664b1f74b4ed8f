package dev.rowgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.Wiring;
import dev.rowgate.oauth.Secrets;
import dev.rowgate.store.Tx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seconds-long smoke test of the seeding on SQLite; no benchmark runs in the build. */
class SeedTest {

    @Test
    void seedWhenFreshSqliteThenFilesHoldUsableCredentials(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("seed");
        try (Wiring w = BenchFixture.wiring("sqlite:" + dir.resolve("rowgate.db"), Map.of("tokens.code_ttl", "10m"))) {
            Seed.Result r = Seed.seed(w, out, new Seed.Counts(1_050, 3, 2, 3, 2, 0));
            List<String> codes = Files.readAllLines(out.resolve("codes.txt"));
            List<String> refresh = Files.readAllLines(out.resolve("refresh.txt"));
            List<String> access = Files.readAllLines(out.resolve("access.txt"));
            assertThat(codes).hasSize(1_050).doesNotHaveDuplicates();
            assertThat(refresh).hasSize(3).allMatch(Secrets::looksLikeToken);
            assertThat(access).hasSize(2).allMatch(Secrets::looksLikeToken);
            var code = w.database().read((Tx tx) -> w.stores().codes().findByHash(tx, Secrets.hash(codes.get(1_049)))).orElseThrow();
            assertThat(code.redirectUri()).isEqualTo(BenchFixture.REDIRECT_URI);
            assertThat(code.consumedAt()).isNull();
            assertThat(code.expiresAt() - code.createdAt()).isEqualTo(600_000);
            assertThat(r.codesExpireAt()).isLessThanOrEqualTo(code.expiresAt());
            assertThat(w.tokenAuth().authenticate(access.get(0)).accountId()).isEqualTo(code.accountId());
            var stored = w.database().read((Tx tx) -> w.stores().tokens().findByHash(tx, Secrets.hash(refresh.get(2)))).orElseThrow();
            assertThat(stored.kind()).isEqualTo(dev.rowgate.oauth.token.Token.Kind.REFRESH);
            assertThat(Files.readString(out.resolve("client.env"))).contains("CLIENT_ID=" + BenchFixture.CLIENT_ID);
            assertThat(Files.readAllLines(out.resolve("users.txt"))).containsExactly(Seed.flowUserEmail(0), Seed.flowUserEmail(1), Seed.flowUserEmail(2));
            var flowUser = w.database().read((Tx tx) -> w.stores().accounts().findByEmail(tx, Seed.flowUserEmail(2))).orElseThrow();
            assertThat(w.passwords().verify(BenchFixture.PASSWORD, flowUser.passwordHash())).isTrue();
            List<String> metered = Files.readAllLines(out.resolve("metered.txt"));
            assertThat(metered).hasSize(2).allMatch(Secrets::looksLikeToken);
            assertThat(w.tokenAuth().authenticate(metered.get(0)).accountId())
                    .isNotEqualTo(w.tokenAuth().authenticate(metered.get(1)).accountId())
                    .isNotEqualTo(code.accountId());
            assertThat(flowUser.planId()).isEqualTo(w.database().read((Tx tx) -> w.stores().accounts().findByEmail(tx, BenchFixture.EMAIL)).orElseThrow().planId());
        }
    }
}
