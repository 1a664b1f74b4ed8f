package dev.rowgate.api.v2;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rowgate.web.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three response formats of the v2 API (api-v2.md): JSON, XML wrapped in {@code <AhrefsApiResponse>} with one
 * singular-named element per row, and PHP's serialize() format. A response is a tree of maps (keys in order), lists
 * and scalars.
 */
public enum V2Output {
    JSON("application/json; charset=utf-8"),
    XML("application/xml; charset=utf-8"),
    PHP("text/plain; charset=utf-8");

    private final String contentType;

    V2Output(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The output parameter's value; null when it names no format. */
    static V2Output of(String output) {
        if (output == null) return JSON;
        return switch (output.toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "xml" -> XML;
            case "php" -> PHP;
            default -> null;
        };
    }

    public String render(Map<String, Object> response) {
        return switch (this) {
            case JSON -> json(response);
            case XML -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?><AhrefsApiResponse>" + xmlChildren(response) + "</AhrefsApiResponse>";
            case PHP -> php(response);
        };
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response is not serializable", e);
        }
    }

    private static String xmlChildren(Map<?, ?> map) {
        StringBuilder sb = new StringBuilder();
        for (var e : map.entrySet()) xmlElement(sb, e.getKey().toString(), e.getValue());
        return sb.toString();
    }

    private static void xmlElement(StringBuilder sb, String name, Object value) {
        sb.append('<').append(name).append('>');
        switch (value) {
            case null -> { }
            case Map<?, ?> m -> sb.append(xmlChildren(m));
            case List<?> rows -> {
                String row = singular(name);
                for (Object r : rows) xmlElement(sb, row, r);
            }
            case Boolean b -> sb.append(b ? "true" : "false");
            default -> sb.append(escapeXml(value.toString()));
        }
        sb.append("</").append(name).append('>');
    }

    /** refpages -> refpage, anchors -> anchor, refdomains -> refdomain, refips -> refip, metrics stays a map. */
    static String singular(String plural) {
        return plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural + "_item";
    }

    private static String escapeXml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    // XML 1.0 forbids most control characters even escaped; drop them.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /** PHP serialize(): strings carry their length in UTF-8 bytes; lists are arrays with integer keys. */
    static String php(Object value) {
        return switch (value) {
            case null -> "N;";
            case Boolean b -> "b:" + (b ? 1 : 0) + ";";
            case Integer i -> "i:" + i + ";";
            case Long l -> "i:" + l + ";";
            case Double d -> "d:" + (d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString(d.longValue()) : Double.toString(d)) + ";";
            case Float f -> php(f.doubleValue());
            case Map<?, ?> m -> {
                StringBuilder sb = new StringBuilder("a:").append(m.size()).append(":{");
                for (var e : m.entrySet()) sb.append(php(e.getKey().toString())).append(php(e.getValue()));
                yield sb.append('}').toString();
            }
            case List<?> list -> {
                StringBuilder sb = new StringBuilder("a:").append(list.size()).append(":{");
                for (int i = 0; i < list.size(); i++) sb.append("i:").append(i).append(';').append(php(list.get(i)));
                yield sb.append('}').toString();
            }
            default -> {
                String s = value.toString();
                yield "s:" + s.getBytes(StandardCharsets.UTF_8).length + ":\"" + s + "\";";
            }
        };
    }
}
