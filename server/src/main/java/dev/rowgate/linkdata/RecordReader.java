package dev.rowgate.linkdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.rowgate.web.Json;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Reads one data file as a stream of records, in constant memory whatever its size: JSON Lines ({@code .jsonl},
 * {@code .ndjson}, {@code .json}: one object a line) or CSV ({@code .csv}: a header line names the columns), either
 * optionally gzipped ({@code .gz}). A record with url_from and url_to is a link, one with url a page. A record that
 * cannot be used becomes a {@link BadLine} with its line number and reason; reading goes on.
 */
public final class RecordReader implements Iterator<RecordReader.Item>, Closeable {

    /** What one line held. */
    public sealed interface Item {
        long line();
    }

    public record Page(long line, PageRecord page) implements Item {}

    public record Link(long line, LinkRecord link) implements Item {}

    public record Bad(long line, BadLine bad) implements Item {}

    static final int MAX_TEXT = 2_000;

    private final String name;
    private final CountingStream counting;
    private final Iterator<Item> items;
    private final Closeable closer;

    private RecordReader(String name, CountingStream counting, Iterator<Item> items, Closeable closer) {
        this.name = name;
        this.counting = counting;
        this.items = items;
        this.closer = closer;
    }

    public static RecordReader open(Path file) throws IOException {
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        CountingStream counting = new CountingStream(Files.newInputStream(file));
        InputStream in = counting;
        if (fileName.endsWith(".gz")) {
            in = new GZIPInputStream(in, 64 * 1024);
            fileName = fileName.substring(0, fileName.length() - 3);
        }
        String display = file.toString();
        if (fileName.endsWith(".csv")) return csv(display, counting, in);
        if (fileName.endsWith(".jsonl") || fileName.endsWith(".ndjson") || fileName.endsWith(".json")) return jsonLines(display, counting, in);
        in.close();
        throw new IllegalArgumentException(display + ": unknown format; name the file .csv or .jsonl (optionally .gz)");
    }

    /** Bytes read from the file so far (compressed bytes for .gz), for progress. */
    public long bytesRead() {
        return counting.count;
    }

    @Override
    public boolean hasNext() {
        return items.hasNext();
    }

    @Override
    public Item next() {
        return items.next();
    }

    @Override
    public void close() throws IOException {
        closer.close();
    }

    private static RecordReader jsonLines(String name, CountingStream counting, InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
        Iterator<Item> items = new Iterator<>() {
            long line;
            Item next = advance();

            private Item advance() {
                try {
                    for (String text; (text = reader.readLine()) != null; ) {
                        line++;
                        if (text.isBlank()) continue;
                        JsonNode node;
                        try {
                            node = Json.MAPPER.readTree(text);
                        } catch (IOException e) {
                            return new Bad(line, new BadLine(name, line, "not a JSON object"));
                        }
                        if (node == null || !node.isObject()) return new Bad(line, new BadLine(name, line, "not a JSON object"));
                        long at = line;
                        return item(name, at, field -> {
                            JsonNode v = node.get(field);
                            return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
                        });
                    }
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(name + ": " + e.getMessage(), e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Item next() {
                if (next == null) throw new NoSuchElementException();
                Item current = next;
                next = advance();
                return current;
            }
        };
        return new RecordReader(name, counting, items, reader);
    }

    private static RecordReader csv(String name, CountingStream counting, InputStream in) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(new InputStreamReader(in, StandardCharsets.UTF_8));
        if (!rows.hasNextValue()) {
            rows.close();
            return new RecordReader(name, counting, java.util.Collections.emptyIterator(), () -> { });
        }
        String[] header = rows.nextValue();
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.length; i++) columns.put(header[i].strip().toLowerCase(Locale.ROOT), i);
        long afterHeader = rows.getCurrentLocation().getLineNr();
        Iterator<Item> items = new Iterator<>() {
            /** A row starts on the line where the one before it ended (the header, for the first). */
            long nextLine = afterHeader;
            Item next = advance();

            private Item advance() {
                try {
                    if (!rows.hasNextValue()) return null;
                    long line = nextLine;
                    String[] row = rows.nextValue();
                    nextLine = rows.getCurrentLocation().getLineNr();
                    if (row.length != header.length) {
                        return new Bad(line, new BadLine(name, line, "has " + row.length + " fields, the header has " + header.length));
                    }
                    return item(name, line, field -> {
                        Integer i = columns.get(field);
                        return i == null || row[i].isEmpty() ? null : row[i];
                    });
                } catch (IOException e) {
                    // Malformed CSV (an unterminated quote) cannot be resynchronized: report it and end the file.
                    long line = rows.getCurrentLocation() == null ? -1 : rows.getCurrentLocation().getLineNr();
                    Item bad = new Bad(line, new BadLine(name, line, "malformed CSV, the rest of the file is skipped: " + firstLine(e.getMessage())));
                    stop = true;
                    return bad;
                }
            }

            boolean stop;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Item next() {
                if (next == null) throw new NoSuchElementException();
                Item current = next;
                next = stop ? null : advance();
                return current;
            }
        };
        return new RecordReader(name, counting, items, rows);
    }

    /** Builds a page or link from a field accessor, or says what is wrong with it. */
    static Item item(String file, long line, Function<String, String> field) {
        try {
            if (field.apply("url_from") != null || field.apply("url_to") != null) {
                String from = url(field, "url_from");
                String to = url(field, "url_to");
                String type = text(field, "link_type");
                type = type == null ? "href" : type.toLowerCase(Locale.ROOT);
                if (!LinkRecord.TYPES.contains(type)) throw new IllegalArgumentException("link_type \"" + type + "\" is not one of " + LinkRecord.TYPES);
                String anchor = text(field, "anchor");
                return new Link(line, new LinkRecord(from, to, anchor == null ? "" : anchor, type, bool(field, "nofollow", false),
                        integer(field, "redirect", 0, 999), text(field, "alt"), text(field, "text_pre"), text(field, "text_post"),
                        bool(field, "original", true), date(field, "first_seen"), date(field, "last_visited"), date(field, "prev_visited"),
                        date(field, "lost_at")));
            }
            if (field.apply("url") == null) throw new IllegalArgumentException("neither a page (url) nor a link (url_from, url_to)");
            return new Page(line, new PageRecord(url(field, "url"), text(field, "title"), integer(field, "http_code", 100, 599),
                    longValue(field, "size"), text(field, "encoding"), text(field, "content_encoding"), text(field, "language"),
                    text(field, "ip"), optionalUrl(field, "redirect_url"), optionalUrl(field, "canonical_url"), text(field, "description"),
                    integer(field, "links_internal", 0, Integer.MAX_VALUE), integer(field, "links_external", 0, Integer.MAX_VALUE),
                    date(field, "first_seen"), date(field, "last_visited"), date(field, "prev_visited")));
        } catch (IllegalArgumentException e) {
            return new Bad(line, new BadLine(file, line, e.getMessage()));
        }
    }

    private static String url(Function<String, String> field, String name) {
        String raw = field.apply(name);
        if (raw == null) throw new IllegalArgumentException(name + " is missing");
        String url = Urls.normalize(raw);
        if (url == null) throw new IllegalArgumentException(name + " \"" + abbreviate(raw) + "\" is not an http(s) URL");
        return url;
    }

    private static String optionalUrl(Function<String, String> field, String name) {
        return field.apply(name) == null ? null : url(field, name);
    }

    private static String text(Function<String, String> field, String name) {
        String v = field.apply(name);
        if (v == null) return null;
        return v.length() > MAX_TEXT ? v.substring(0, MAX_TEXT) : v;
    }

    private static Integer integer(Function<String, String> field, String name, int min, int max) {
        String v = field.apply(name);
        if (v == null) return null;
        try {
            long n = Long.parseLong(v.strip());
            if (n < min || n > max) throw new IllegalArgumentException(name + " " + n + " is out of range " + min + " to " + max);
            return (int) n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " \"" + abbreviate(v) + "\" is not a whole number");
        }
    }

    private static Long longValue(Function<String, String> field, String name) {
        String v = field.apply(name);
        if (v == null) return null;
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) throw new IllegalArgumentException(name + " must not be negative");
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " \"" + abbreviate(v) + "\" is not a whole number");
        }
    }

    private static boolean bool(Function<String, String> field, String name, boolean fallback) {
        String v = field.apply(name);
        if (v == null) return fallback;
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(name + " \"" + abbreviate(v) + "\" is not true or false");
        };
    }

    /** "2013-08-08T17:40:21Z", "2013-08-08", or seconds since 1970. */
    private static Long date(Function<String, String> field, String name) {
        String v = field.apply(name);
        if (v == null) return null;
        String s = v.strip();
        try {
            if (s.matches("\\d{1,12}")) return Long.parseLong(s) * 1000;
            if (s.length() == 10) return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(name + " \"" + abbreviate(v) + "\" is not a date like 2013-08-08T17:40:21Z or 2013-08-08");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** Counts the bytes read through it, for progress and ETA. */
    static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
