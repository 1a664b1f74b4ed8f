package dev.rowgate.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the data lives: {@code sqlite:PATH} (the embedded default) or a {@code postgresql://user@host:port/db}
 * URL (libpq form). Parsed once; {@link #jdbcUrl()} is what the drivers see.
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl, Path sqliteFile, String user, String password, String display) {

    public enum Dialect { SQLITE, POSTGRES }

    public static DatabaseUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; use sqlite:PATH or postgresql://user@host:5432/db");
        }
        if (text.startsWith("sqlite:")) {
            String file = text.substring("sqlite:".length());
            if (file.startsWith("//")) file = file.substring(2);
            if (file.isBlank()) throw new IllegalArgumentException("sqlite: needs a file path, e.g. sqlite:data/rowgate.db");
            Path path = Path.of(file).toAbsolutePath().normalize();
            return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + path, path, null, null, "sqlite:" + path);
        }
        if (text.startsWith("postgresql://") || text.startsWith("postgres://")) {
            return postgres(text);
        }
        if (text.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(Dialect.POSTGRES, text, null, null, null, redact(text));
        }
        throw new IllegalArgumentException("\"" + redact(text) + "\" is not a database URL; use sqlite:PATH or postgresql://user@host:5432/db");
    }

    private static DatabaseUrl postgres(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + redact(text) + "\" is not a valid URL");
        }
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? null : uri.getPath().substring(1);
        if (db == null) throw new IllegalArgumentException("\"" + redact(text) + "\" names no database; add /DBNAME");
        String user = null, password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        if (user == null) user = query.remove("user");
        if (password == null) password = query.remove("password");
        if (user == null) user = "postgres";
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host.contains(":") ? "[" + host + "]" : host)
                .append(':').append(port).append('/').append(db);
        String sep = "?";
        for (var e : query.entrySet()) {
            jdbc.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = "&";
        }
        String display = "postgresql://" + user + "@" + host + ":" + port + "/" + db;
        return new DatabaseUrl(Dialect.POSTGRES, jdbc.toString(), null, user, password, display);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Drops a password from a URL before it is shown anywhere. */
    static String redact(String url) {
        return url.replaceAll("(://[^:/@]+):[^@/]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return display;
    }
}
