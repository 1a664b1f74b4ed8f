package dev.rowgate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void tokensAreFortyLowerCaseHexAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = Secrets.newToken();
            assertThat(t).matches("[0-9a-f]{40}");
            assertThat(Secrets.looksLikeToken(t)).isTrue();
            seen.add(t);
        }
        assertThat(seen).hasSize(1000);
        assertThat(Secrets.looksLikeToken("ABCDEF0123456789abcdef0123456789abcdef01")).isFalse();
        assertThat(Secrets.looksLikeToken("abc")).isFalse();
    }

    @Test
    void hashIsSha256Hex() {
        // FIPS 180-2 test vector for "abc".
        assertThat(Secrets.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void constantTimeEqualsCompares() {
        assertThat(Secrets.constantTimeEquals("same", "same")).isTrue();
        assertThat(Secrets.constantTimeEquals("same", "Same")).isFalse();
        assertThat(Secrets.constantTimeEquals("same", null)).isFalse();
    }

    @Test
    void opaqueSecretsAreUrlSafe() {
        assertThat(Secrets.newOpaque()).matches("[A-Za-z0-9_-]{43}");
    }
}
