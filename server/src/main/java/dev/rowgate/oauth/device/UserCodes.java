package dev.rowgate.oauth.device;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * User codes as RFC 8628 §6.1 advises: 8 characters from 20 consonants (no vowels, so no words; no look-alike
 * digits), shown as BCDF-GHJK, about 34.5 bits, with attempts limited by the code's short life and the sign-in.
 */
final class UserCodes {

    private static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private UserCodes() {}

    static String next() {
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return sb.toString();
    }

    /** What the user typed, as stored: upper case, without dashes or spaces; null when it cannot be a code. */
    static String normalize(String typed) {
        if (typed == null) return null;
        String s = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        return s.length() == 8 && s.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0) ? s : null;
    }

    static String display(String code) {
        return code.substring(0, 4) + "-" + code.substring(4);
    }
}
