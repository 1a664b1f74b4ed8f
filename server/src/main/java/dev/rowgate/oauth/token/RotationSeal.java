package dev.rowgate.oauth.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes refresh rotation idempotent without storing tokens in clear. When a refresh token is rotated, the new pair is
 * encrypted (AES-256-GCM) under a key derived from the old refresh token, which only its holder knows; a retry with
 * the old token within the grace window decrypts and returns the very same pair. The database alone cannot open it.
 */
final class RotationSeal {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RotationSeal() {}

    static byte[] seal(String previousRefreshToken, IssuedTokens next) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        String plain = next.accessToken() + "\n" + next.refreshToken() + "\n" + next.expiresIn() + "\n" + next.scope();
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, previousRefreshToken, nonce);
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    static Optional<IssuedTokens> open(String previousRefreshToken, byte[] sealed) {
        if (sealed == null || sealed.length < 13) return Optional.empty();
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, previousRefreshToken, java.util.Arrays.copyOf(sealed, 12));
            String[] parts = new String(c.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8).split("\n");
            return Optional.of(new IssuedTokens(parts[0], Long.parseLong(parts[2]), parts[3], parts[1]));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Cipher cipher(int mode, String refreshToken, byte[] nonce) throws GeneralSecurityException {
        byte[] key = MessageDigest.getInstance("SHA-256").digest(("rowgate refresh rotation\n" + refreshToken).getBytes(StandardCharsets.UTF_8));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        return c;
    }
}
