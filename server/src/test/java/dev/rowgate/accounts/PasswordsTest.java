package dev.rowgate.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    private final Passwords passwords = new Passwords();

    @Test
    void hashIsArgon2idPhcWithOwaspMinimumParametersAndVerifies() {
        String phc = passwords.hash("correct horse battery staple");
        assertThat(phc).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(passwords.verify("correct horse battery staple", phc)).isTrue();
        assertThat(passwords.verify("correct horse battery stapl", phc)).isFalse();
        assertThat(passwords.hash("correct horse battery staple")).isNotEqualTo(phc); // salted
    }

    @Test
    void hashKeepsItsOwnParametersSoStrongerDefaultsStillVerifyOldHashes() {
        String old = new Passwords(8 * 1024, 1, 1).hash("an older password");
        assertThat(old).contains("m=8192,t=1,p=1");
        assertThat(passwords.verify("an older password", old)).isTrue();
    }

    @Test
    void knownVectorVerifies() {
        // From the reference implementation (Debian argon2): echo -n password | argon2 somesalt -id -t 2 -m 10 -p 1 -l 32 -e
        String reference = "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk";
        assertThat(passwords.verify("password", reference)).isTrue();
    }

    @Test
    void nativeAndJavaEnginesComputeTheSameFunction() {
        Argon2id.Engine nativeEngine = Argon2id.loadNative();
        String arch = System.getProperty("os.arch");
        if (System.getProperty("os.name").startsWith("Linux") && (arch.equals("amd64") || arch.equals("aarch64"))) {
            // argon2-jvm bundles libargon2 for these: the fallback must not hide a packaging mistake here.
            assertThat(nativeEngine).isNotNull();
            assertThat(Argon2id.engineName()).isEqualTo("libargon2 (native)");
        }
        if (nativeEngine == null) return;
        byte[] salt = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int[][] parameters = {{8, 1, 1, 4}, {1024, 2, 1, 32}, {4096, 3, 2, 64}, {19 * 1024, 2, 1, 32}};
        for (String password : new String[] {"", "password", "pässwörd ünicode", "x".repeat(1024)}) {
            byte[] bytes = password.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int[] p : parameters) {
                assertThat(nativeEngine.derive(bytes, salt, p[0], p[1], p[2], p[3]))
                        .as("m=%d t=%d p=%d length=%d, %d-byte password", p[0], p[1], p[2], p[3], bytes.length)
                        .isEqualTo(Argon2id.JAVA.derive(bytes, salt, p[0], p[1], p[2], p[3]));
            }
        }
    }

    @Test
    void malformedStoredHashesNeverVerify() {
        assertThat(passwords.verify("x", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA")).isFalse(); // 4-byte salt
        assertThat(passwords.verify("x", "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$A")).isFalse(); // not base64
        assertThat(passwords.verify("x", "plain")).isFalse();
        assertThat(passwords.verify("x", null)).isFalse();
        assertThat(passwords.verify(null, passwords.hash("whatever1"))).isFalse();
    }

    @Test
    void problemNamesLengthRules() {
        assertThat(Passwords.problem("short")).isEqualTo("must be at least 8 characters");
        assertThat(Passwords.problem("long enough")).isNull();
        assertThat(Passwords.problem("x".repeat(1025))).isEqualTo("must be at most 1024 characters");
    }
}
