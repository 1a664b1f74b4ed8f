package dev.rowgate.oauth.pkce;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/** PKCE (RFC 7636), S256 only: {@code plain} offers no protection against a stolen code (RFC 9700 §2.1.1). */
public final class Pkce {

    public static final String S256 = "S256";
    /** RFC 7636 §4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");
    /** An S256 challenge is BASE64URL(SHA-256(verifier)) without padding: exactly 43 characters. */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9\\-_]{43}");

    private Pkce() {}

    public static boolean validChallenge(String challenge) {
        return challenge != null && S256_CHALLENGE.matcher(challenge).matches();
    }

    public static boolean validVerifier(String verifier) {
        return verifier != null && VERIFIER.matcher(verifier).matches();
    }

    /** RFC 7636 §4.6: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))) == code_challenge, compared in constant time. */
    public static boolean verify(String verifier, String challenge) {
        if (!validVerifier(verifier) || challenge == null) return false;
        return MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
    }

    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
