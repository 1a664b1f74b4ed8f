package dev.rowgate.web;

import dev.rowgate.oauth.OAuthError;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of one OAuth request: an {@code application/x-www-form-urlencoded} body (RFC 6749 §3.2, Appendix B)
 * or a query string (§3.1). Parsed strictly: a bad percent-escape, invalid UTF-8 or a value over the size limit is
 * {@code invalid_request}; {@link #one} refuses a repeated parameter ("Request and response parameters MUST NOT be
 * included more than once", §3.1 and §3.2). Parameters sent without a value are treated as omitted (§3.1).
 */
public final class Form {

    static final int MAX_VALUE_LENGTH = 8_192;
    static final int MAX_PARAMETERS = 100;

    private final Map<String, List<String>> values;

    private Form(Map<String, List<String>> values) {
        this.values = values;
    }

    /** The body of a POST, which must be form-encoded (with or without a charset=UTF-8 parameter). */
    public static Form body(Context ctx) {
        String type = ctx.header("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/x-www-form-urlencoded")) {
            throw OAuthError.INVALID_REQUEST.because("content type must be application/x-www-form-urlencoded, got " + (type == null ? "none" : type));
        }
        if (type.toLowerCase(Locale.ROOT).contains("charset=") && !type.toLowerCase(Locale.ROOT).replace(" ", "").contains("charset=utf-8")) {
            throw OAuthError.INVALID_REQUEST.because("only UTF-8 form bodies are accepted");
        }
        return parse(ctx.body());
    }

    /** Fields already decoded elsewhere (a multipart form's text fields), with the same strict reads. */
    public static Form of(Map<String, List<String>> fields) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        fields.forEach((k, v) -> values.put(k, List.copyOf(v)));
        return new Form(values);
    }

    /** The query string of a GET. */
    public static Form query(Context ctx) {
        String q = ctx.queryString();
        return parse(q == null ? "" : q);
    }

    public static Form parse(String encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (encoded.isEmpty()) return new Form(values);
        String[] pairs = encoded.split("&", -1);
        if (pairs.length > MAX_PARAMETERS) throw OAuthError.INVALID_REQUEST.because("too many parameters");
        for (String pair : pairs) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (value.length() > MAX_VALUE_LENGTH) throw OAuthError.INVALID_REQUEST.because("parameter too long: " + safe(name));
            values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return new Form(values);
    }

    /**
     * Form-decodes one name or value: '+' is a space, %XX a byte, and the bytes must be valid UTF-8. Unlike
     * URLDecoder, malformed UTF-8 is refused rather than silently replaced.
     */
    public static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) throw OAuthError.INVALID_REQUEST.because("malformed percent-encoding");
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw OAuthError.INVALID_REQUEST.because("malformed percent-encoding");
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                int end = i;
                while (end < s.length() && s.charAt(end) != '%' && s.charAt(end) != '+') end++;
                bytes.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8)); // a run keeps surrogate pairs whole
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw OAuthError.INVALID_REQUEST.because("parameter is not valid UTF-8");
        }
    }

    /** The single value of a required parameter. */
    public String one(String name) {
        String v = optional(name);
        if (v == null) throw OAuthError.INVALID_REQUEST.because("missing parameter: " + name);
        return v;
    }

    /** The single value of an optional parameter, or null when absent or empty. */
    public String optional(String name) {
        List<String> v = values.get(name);
        if (v == null) return null;
        if (v.size() > 1) throw OAuthError.INVALID_REQUEST.because("parameter repeated: " + name);
        String value = v.getFirst();
        return value.isEmpty() ? null : value;
    }

    /** The first value of a parameter, or null: for the legacy v2 API, which tolerates repeats. */
    public String firstOf(String name) {
        List<String> v = values.get(name);
        return v == null || v.getFirst().isEmpty() ? null : v.getFirst();
    }

    public boolean has(String name) {
        return optional(name) != null;
    }

    /** Every parameter once, for forms that carry a request through a page (the consent form's hidden fields). */
    public Map<String, String> singleValues() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : values.keySet()) out.put(name, optional(name));
        return Collections.unmodifiableMap(out);
    }

    private static String safe(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }
}
