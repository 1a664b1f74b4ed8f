package dev.rowgate.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first POST form of an HTML page, read with regular expressions: enough for the sign-in and consent pages of
 * Rowgate and Keycloak (plain server-rendered forms), not a general HTML parser.
 *
 * @param action the form's action, entities decoded (relative or absolute)
 * @param fields the hidden and text fields with their values, in page order
 * @param userField the name of the email or username field, or null
 * @param passwordField the name of the password field, or null
 * @param submit the first named submit button's name and value, or null
 */
record HtmlForm(String action, Map<String, String> fields, String userField, String passwordField, Map.Entry<String, String> submit) {

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTROL = Pattern.compile("<(input|button)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");

    static Optional<HtmlForm> first(String html) {
        Matcher f = FORM.matcher(html);
        while (f.find()) {
            Map<String, String> formAttributes = attributes(f.group(1));
            if (!"post".equalsIgnoreCase(formAttributes.getOrDefault("method", "get"))) continue;
            Map<String, String> fields = new LinkedHashMap<>();
            String user = null, password = null;
            Map.Entry<String, String> submit = null;
            Matcher c = CONTROL.matcher(f.group(2));
            while (c.find()) {
                Map<String, String> a = attributes(c.group(2));
                String name = a.get("name");
                String type = a.getOrDefault("type", c.group(1).equalsIgnoreCase("button") ? "submit" : "text").toLowerCase(Locale.ROOT);
                if (name == null) continue;
                switch (type) {
                    case "submit" -> {
                        if (submit == null) submit = Map.entry(name, a.getOrDefault("value", ""));
                    }
                    case "password" -> password = name;
                    case "email" -> user = name;
                    case "checkbox", "radio" -> {
                        if (a.containsKey("checked")) fields.put(name, a.getOrDefault("value", "on"));
                    }
                    default -> {
                        if (name.equals("username") || name.equals("email")) user = name;
                        else fields.put(name, a.getOrDefault("value", ""));
                    }
                }
            }
            return Optional.of(new HtmlForm(formAttributes.getOrDefault("action", ""), fields, user, password, submit));
        }
        return Optional.empty();
    }

    /** The fields to post: the form's own, the credentials when it asks for them, and its first submit button. */
    Map<String, String> filledIn(String user, String password) {
        Map<String, String> out = new LinkedHashMap<>(fields);
        if (userField != null) out.put(userField, user);
        if (passwordField != null) out.put(passwordField, password);
        if (submit != null) out.put(submit.getKey(), submit.getValue());
        return out;
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(tag);
        while (m.find()) out.put(m.group(1).toLowerCase(Locale.ROOT), unescape(m.group(3) != null ? m.group(3) : m.group(4)));
        // Boolean attributes (checked, required) have no value.
        for (String word : tag.replaceAll("(\"[^\"]*\"|'[^']*')", "").split("[\\s=]+")) {
            if (word.equalsIgnoreCase("checked")) out.putIfAbsent("checked", "");
        }
        return out;
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) return s;
        Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|quot|apos|lt|gt);").matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "lt" -> "<";
                case "gt" -> ">";
                default -> Character.toString(e.startsWith("#x") ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1)));
            };
            m.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        m.appendTail(b);
        return b.toString();
    }
}
