package dev.rowgate.apps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rowgate.web.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses an app import file, CSV (RFC 4180: a header row, fields optionally in double quotes, "" for a quote inside)
 * or JSON (an array of objects), into records of text fields, and nothing more: what the fields mean is checked by
 * {@link AppImport}. Each record remembers where it came from ("line 4", "record 2") so the report can point at it.
 */
final class ImportFile {

    static final Set<String> FIELDS = Set.of("client_id", "name", "type", "redirect_uris", "secret", "owner_email", "status");

    /** One app's fields as written (absent fields are missing from the map); redirect URIs already split. */
    record Entry(String where, Map<String, String> fields, List<String> redirectUris) {}

    /** The records, or the problems that kept the file from being read (then records is empty). */
    record Parsed(List<Entry> entries, List<String> problems) {}

    private ImportFile() {}

    static Parsed parse(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String start = t.stripLeading();
        if (start.isEmpty()) return new Parsed(List.of(), List.of("the file is empty"));
        return start.startsWith("[") || start.startsWith("{") ? json(t) : csv(t);
    }

    /** Redirect URIs of one field: separated by whitespace (URIs have none of their own). */
    static List<String> splitUris(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) return out;
        for (String u : value.strip().split("\\s+")) if (!u.isEmpty()) out.add(u);
        return out;
    }

    private static Parsed json(String text) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return new Parsed(List.of(), List.of("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
        }
        if (!root.isArray()) return new Parsed(List.of(), List.of("JSON: expected an array of app objects, [{\"client_id\": ...}, ...]"));
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (JsonNode node : root) {
            String where = "record " + (++n);
            if (!node.isObject()) {
                problems.add(where + ": must be an object");
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            List<String> uris = new ArrayList<>();
            boolean ok = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String name = f.getKey();
                JsonNode v = f.getValue();
                if (!FIELDS.contains(name)) {
                    problems.add(where + ": unknown field \"" + name + "\" (fields: " + String.join(", ", sorted()) + ")");
                    ok = false;
                } else if (name.equals("redirect_uris") && v.isArray()) {
                    for (JsonNode u : v) {
                        if (!u.isTextual()) {
                            problems.add(where + ": redirect_uris must hold strings");
                            ok = false;
                            break;
                        }
                        uris.add(u.asText());
                    }
                } else if (v.isNull()) {
                    // same as absent
                } else if (!v.isTextual()) {
                    problems.add(where + ": " + name + " must be a string");
                    ok = false;
                } else if (name.equals("redirect_uris")) {
                    uris.addAll(splitUris(v.asText()));
                } else {
                    fields.put(name, v.asText());
                }
            }
            if (ok) entries.add(new Entry(where, fields, uris));
        }
        if (n == 0) problems.add("JSON: the array is empty");
        return problems.isEmpty() ? new Parsed(entries, List.of()) : new Parsed(List.of(), problems);
    }

    private static Parsed csv(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        readCsv(text, rows, problems);
        if (!problems.isEmpty()) return new Parsed(List.of(), problems);
        if (rows.isEmpty()) return new Parsed(List.of(), List.of("the file is empty"));
        Row header = rows.getFirst();
        List<String> columns = new ArrayList<>();
        for (String h : header.cells()) {
            String c = h.strip().toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(c)) {
                problems.add("line " + header.line() + ": unknown column \"" + h.strip() + "\" (columns: " + String.join(", ", sorted()) + ")");
            } else if (columns.contains(c)) {
                problems.add("line " + header.line() + ": column \"" + c + "\" appears twice");
            }
            columns.add(c);
        }
        if (!problems.isEmpty()) return new Parsed(List.of(), problems);
        List<Entry> entries = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            String where = "line " + row.line();
            if (row.cells().size() != columns.size()) {
                problems.add(where + ": has " + row.cells().size() + " fields, the header has " + columns.size());
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            List<String> uris = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String v = row.cells().get(i);
                if (columns.get(i).equals("redirect_uris")) uris.addAll(splitUris(v));
                else if (!v.isEmpty()) fields.put(columns.get(i), v);
            }
            entries.add(new Entry(where, fields, uris));
        }
        if (rows.size() == 1 && problems.isEmpty()) problems.add("the file has a header and no apps");
        return problems.isEmpty() ? new Parsed(entries, List.of()) : new Parsed(List.of(), problems);
    }

    private record Row(int line, List<String> cells) {}

    /** RFC 4180 records; blank lines are skipped; line is where the record starts. */
    private static void readCsv(String text, List<Row> rows, List<String> problems) {
        int line = 1;
        int i = 0;
        while (i < text.length()) {
            int startLine = line;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            boolean endOfRecord = false;
            while (i < text.length() && !endOfRecord) {
                char c = text.charAt(i++);
                if (quoted) {
                    if (c == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') line++;
                        cell.append(c);
                    }
                } else if (c == '"' && cell.toString().isBlank() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                    cell.setLength(0);
                } else if (c == ',') {
                    cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
                    cell.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i < text.length() && text.charAt(i) == '\n') i++;
                    line++;
                    endOfRecord = true;
                } else if (wasQuoted && !Character.isWhitespace(c)) {
                    problems.add("line " + line + ": text after a closing quote (write a quote inside a quoted field as \"\")");
                    return;
                } else if (!wasQuoted) {
                    cell.append(c);
                }
            }
            if (quoted) {
                problems.add("line " + startLine + ": a quoted field is not closed");
                return;
            }
            cells.add(wasQuoted ? cell.toString() : cell.toString().strip());
            boolean blank = cells.size() == 1 && cells.getFirst().isEmpty() && !wasQuoted;
            if (!blank) rows.add(new Row(startLine, cells));
        }
    }

    private static List<String> sorted() {
        return FIELDS.stream().sorted().toList();
    }
}
