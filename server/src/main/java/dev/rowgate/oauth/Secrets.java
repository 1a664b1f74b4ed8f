package dev.rowgate.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and their stored form. Tokens are exactly 40 lower-case hex characters (160 bits from a CSPRNG,
 * integration-protocol.md); only their SHA-256 is stored. A fast hash is safe for these because they carry 160+
 * bits of entropy, unlike passwords (see accounts.Passwords); it keeps the token endpoint fast.
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Secrets() {}

    /** An access or refresh token: 20 random bytes as 40 lower-case hex characters. */
    public static String newToken() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }

    /** A client secret, authorization code, session id or device code: 32 random bytes, URL-safe base64 (43 chars). */
    public static String newOpaque() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The stored form of a high-entropy secret: SHA-256, lower-case hex. */
    public static String hash(String secret) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Compares two strings in time that depends only on their lengths (MessageDigest.isEqual). */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) return false;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** True when the 40-hex shape of a token holds; a cheap check before any lookup. */
    public static boolean looksLikeToken(String s) {
        if (s == null || s.length() != 40) return false;
        for (int i = 0; i < 40; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }
}
