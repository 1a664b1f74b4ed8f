package dev.rowgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser as far as Rowgate's pages care: it keeps cookies, posts forms, and does not follow redirects, so tests
 * see every 302 and its Location.
 */
public final class Browser {

    private static final Pattern INPUT = Pattern.compile("<input([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** A server that does not answer fails the test instead of hanging it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final HttpClient client;

    Browser(String base) {
        this(base, HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build());
    }

    private Browser(String base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    /** A fresh browser (no cookies) whose relative paths go to {@code base}, for servers outside this JVM. */
    public static Browser at(String base) {
        return new Browser(base);
    }

    /**
     * The same browser (its cookies) pointed at another base: several nodes behind one address, as a load balancer
     * would spread one person's requests. Cookies do not depend on the port, so a session made on one node is sent to all.
     */
    public Browser on(String otherBase) {
        return new Browser(otherBase, client);
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    public HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET().timeout(TIMEOUT).build());
    }

    public HttpResponse<String> post(String pathOrUrl, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).timeout(TIMEOUT).build());
    }

    /** Any request, with this browser's cookies (e.g. a multipart form). */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The signed-in session's CSRF token, read from the sign-out form every signed-in page carries. */
    public String csrf() {
        HttpResponse<String> home = get("/");
        String csrf = hiddenFields(home.body()).get("csrf");
        assertThat(csrf).as("csrf token on the home page (signed in?)").isNotNull();
        return csrf;
    }

    /** Posts a signed-in form: the fields plus the session's CSRF token. */
    public HttpResponse<String> postSignedIn(String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("csrf", csrf());
        return post(path, form);
    }

    /** The value of the input with this id (e.g. a read-only field holding a secret or an invitation URL). */
    public static String inputValue(String html, String id) {
        Matcher m = INPUT.matcher(html);
        while (m.find()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(m.group(1));
            while (a.find()) attrs.put(a.group(1), unescape(a.group(2)));
            if (id.equals(attrs.get("id"))) return attrs.get("value");
        }
        throw new AssertionError("no input with id " + id);
    }

    /** Signs in through the login form, as a person would. */
    public void signIn(TestServer.User user) {
        HttpResponse<String> form = get("/login");
        HttpResponse<String> done = post("/login", Map.of("email", user.email(), "password", user.password(),
                "csrf", hiddenFields(form.body()).get("csrf"), "return_to", "/"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
    }

    /**
     * Opens an authorization URL, signing in on the way when asked, and returns the response that follows: the
     * consent page (200), or the redirect back to the app (302) when consent was given before.
     */
    public HttpResponse<String> authorize(String url, TestServer.User user) {
        HttpResponse<String> r = get(url);
        if (r.statusCode() == 302 && location(r).startsWith("/login")) {
            HttpResponse<String> login = get(location(r));
            Map<String, String> hidden = hiddenFields(login.body());
            HttpResponse<String> signedIn = post("/login", Map.of("email", user.email(), "password", user.password(),
                    "csrf", hidden.get("csrf"), "return_to", hidden.get("return_to")));
            assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
            r = get(location(signedIn));
        }
        return r;
    }

    /** Submits the consent page's form with a decision and an optional cap. */
    public HttpResponse<String> decide(HttpResponse<String> consentPage, String decision, String cap) {
        assertThat(consentPage.statusCode()).as(consentPage.body()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>(hiddenFields(consentPage.body()));
        form.put("decision", decision);
        if (cap != null) form.put("cap", cap);
        return post("/oauth2/authorize.php", form);
    }

    public static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location; status " + r.statusCode()));
    }

    /** The query parameters of a redirect's Location. */
    public static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q < 0) return out;
        for (String pair : url.substring(q + 1).split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    /** The hidden inputs of a page (name to value, HTML entities decoded). */
    public static Map<String, String> hiddenFields(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = INPUT.matcher(html);
        while (m.find()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(m.group(1));
            while (a.find()) attrs.put(a.group(1), unescape(a.group(2)));
            if ("hidden".equals(attrs.get("type"))) out.put(attrs.get("name"), attrs.getOrDefault("value", ""));
        }
        return out;
    }

    static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    public static String encode(Map<String, String> form) {
        StringBuilder sb = new StringBuilder();
        for (var e : form.entrySet()) {
            if (e.getValue() == null) continue;
            if (!sb.isEmpty()) sb.append('&');
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
