package dev.rowgate.web;

import dev.rowgate.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578), read from the bytes HttpServer has already buffered (every body is
 * read before the handlers run, so the servlet's own multipart parsing cannot be used). Small on purpose: parts with a
 * Content-Disposition name, an optional filename, and their bytes; anything malformed is InvalidInputException.
 */
public final class Multipart {

    /** One part: the form field's name, the uploaded file's name (null for a text field), and its content. */
    public record Part(String name, String filename, byte[] content) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private Multipart() {}

    public static boolean is(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    public static List<Part> parse(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!m.find()) throw new InvalidInputException("multipart form without a boundary");
        byte[] delimiter = ("--" + (m.group(1) != null ? m.group(1) : m.group(2))).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        if (at < 0) throw new InvalidInputException("multipart form: no part found");
        while (true) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') return parts; // the closing delimiter
            start = skipCrlf(body, start);
            int next = indexOf(body, delimiter, start);
            if (next < 0) throw new InvalidInputException("multipart form: not terminated");
            int end = next >= 2 && body[next - 2] == '\r' && body[next - 1] == '\n' ? next - 2 : next;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            if (headersEnd < 0 || headersEnd > end) throw new InvalidInputException("multipart form: a part has no headers");
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            Map<String, String> h = new LinkedHashMap<>();
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) h.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            String disposition = h.getOrDefault("content-disposition", "");
            Matcher name = NAME.matcher(disposition);
            if (!name.find()) throw new InvalidInputException("multipart form: a part has no name");
            Matcher filename = FILENAME.matcher(disposition);
            byte[] content = java.util.Arrays.copyOfRange(body, headersEnd + 4, end);
            parts.add(new Part(name.group(1), filename.find() ? filename.group(1) : null, content));
            at = next;
        }
    }

    /** The text fields of the parts, as a Form (files left out). */
    public static Form fields(List<Part> parts) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Part p : parts) if (p.filename() == null) values.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.text());
        return Form.of(values);
    }

    private static int skipCrlf(byte[] b, int i) {
        return i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n' ? i + 2 : i;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
