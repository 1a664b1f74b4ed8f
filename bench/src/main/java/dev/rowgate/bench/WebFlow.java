package dev.rowgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scenario 6 of {@code bench/run} and {@code bench/compare}: the whole browser side of the authorization code flow,
 * as many times per second as {@code --workers} threads can, each flow with a fresh cookie jar and the next unused
 * user of {@code --users} (so every flow really signs in, hashing the password, and consents):
 * <ol>
 *   <li>GET the invitation (authorization) URL with a fresh {@code state};</li>
 *   <li>follow redirects, and fill in and post each HTML form the server shows: the sign-in form (the email or
 *       username field and the password, with the form's hidden fields, CSRF included) and the consent form (its
 *       first submit button: Rowgate's Allow, Keycloak's Yes);</li>
 *   <li>stop at the redirect to the app's callback, check {@code state}, take the {@code code};</li>
 *   <li>exchange it at the token endpoint ({@code client_secret_post}) for an access token.</li>
 * </ol>
 * It reads only standard HTML forms, so it drives Rowgate and Keycloak alike. Warm-up flows (the first
 * {@code --warmup} seconds) are not counted. At the end it prints the line {@code bench/run} reads, in the format of
 * {@code wrk/common.lua} (one "request" is one whole flow):
 * {@code BENCH requests=.. duration_us=.. non2xx=.. bad=.. socket_errors=.. p50_us=.. p99_us=.. next_offset=.. exhausted=..}
 * and {@code BENCH_SAMPLE} with the first failure.
 */
public final class WebFlow {

    /** What a flow needs to know about the server and the app. */
    record Target(String authorizeUrl, String tokenUrl, String clientId, String clientSecret, String redirectUri, String scope) {}

    private static final int MAX_STEPS = 12;

    private final Target target;
    private final String password;
    private final HttpClient http;

    WebFlow(Target target, String password) {
        this.target = target;
        this.password = password;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A failed flow: the step and what came back. */
    static final class FlowFailure extends Exception {
        FlowFailure(String message) {
            super(message, null, false, false);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Target target = new Target(o.get("authorize-url"), o.get("token-url"), o.get("client-id"), o.get("client-secret"),
                o.get("redirect-uri"), o.getOrDefault("scope", "api"));
        List<String> users = Files.readAllLines(Path.of(o.get("users")));
        int offset = Integer.parseInt(o.getOrDefault("offset", "0"));
        int workers = Integer.parseInt(o.getOrDefault("workers", "16"));
        double warmup = Double.parseDouble(o.getOrDefault("warmup", "0"));
        double duration = Double.parseDouble(o.getOrDefault("duration", "10"));
        new WebFlow(target, o.get("password")).run(users, offset, workers, warmup, duration);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value, not " + args[i]);
            o.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : List.of("authorize-url", "token-url", "client-id", "client-secret", "redirect-uri", "users", "password")) {
            if (!o.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required (usage: WebFlow --authorize-url URL --token-url URL"
                        + " --client-id ID --client-secret S --redirect-uri URI --users FILE --password P [--scope api] [--offset N]"
                        + " [--workers 16] [--warmup SECONDS] [--duration SECONDS])");
            }
        }
        return o;
    }

    void run(List<String> users, int offset, int workers, double warmupSeconds, double durationSeconds) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(offset);
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (durationSeconds * 1e9);
        LongAdder failures = new LongAdder();
        AtomicLong exhausted = new AtomicLong();
        AtomicReference<String> sample = new AtomicReference<>("");
        long[][] latencies = new long[workers][1 << 16];
        int[] counts = new int[workers]; // each worker writes only its own slot; read after join
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < workers; t++) {
            long[] mine = latencies[t];
            int worker = t;
            Thread thread = Thread.ofPlatform().name("flow-" + t).start(() -> {
                while (System.nanoTime() < end) {
                    int i = next.getAndIncrement();
                    if (i >= users.size()) {
                        exhausted.set(1);
                        return;
                    }
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        flow(users.get(i));
                        ok = true;
                    } catch (FlowFailure | IOException e) {
                        ok = false;
                        if (t0 >= measureFrom) sample.compareAndSet("", e.getMessage());
                    } catch (InterruptedException e) {
                        return;
                    }
                    long t1 = System.nanoTime();
                    // A flow counts in the measured window when it started and ended in it.
                    if (t0 < measureFrom || t1 > end) continue;
                    if (!ok) {
                        failures.increment();
                    } else if (counts[worker] < mine.length) {
                        mine[counts[worker]++] = t1 - t0;
                    }
                }
            });
            threads.add(thread);
        }
        for (Thread t : threads) t.join();
        long[] all = java.util.stream.IntStream.range(0, workers).mapToObj(t -> Arrays.stream(latencies[t], 0, counts[t]))
                .flatMapToLong(x -> x).sorted().toArray();
        long durationUs = (long) (durationSeconds * 1e6);
        System.out.printf("BENCH requests=%d duration_us=%d non2xx=%d bad=0 socket_errors=0 p50_us=%d p99_us=%d next_offset=%d exhausted=%d%n",
                all.length, durationUs, failures.sum(), percentile(all, 50) / 1000, percentile(all, 99) / 1000,
                Math.min(next.get(), users.size()), exhausted.get());
        if (!sample.get().isEmpty()) System.out.println("BENCH_SAMPLE " + sample.get().replaceAll("[\r\n]", " "));
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    /** One whole flow for one user; throws FlowFailure on anything a browser would not have got. */
    void flow(String user) throws IOException, InterruptedException, FlowFailure {
        Map<String, String> cookies = new LinkedHashMap<>();
        String state = Long.toHexString(System.nanoTime());
        String sep = target.authorizeUrl().contains("?") ? "&" : "?";
        URI uri = URI.create(target.authorizeUrl() + sep + "response_type=code&client_id=" + enc(target.clientId())
                + "&redirect_uri=" + enc(target.redirectUri()) + "&scope=" + enc(target.scope()) + "&state=" + state);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET(), cookies);
        for (int step = 0; step < MAX_STEPS; step++) {
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                String location = response.headers().firstValue("Location").orElseThrow(() -> new FlowFailure(status + " without Location"));
                URI next = response.uri().resolve(location);
                if (next.toString().startsWith(target.redirectUri())) {
                    exchange(callbackCode(next, state));
                    return;
                }
                response = send(HttpRequest.newBuilder(next).GET(), cookies);
            } else if (status == 200) {
                String page = response.uri().getPath();
                HtmlForm form = HtmlForm.first(response.body()).orElseThrow(() -> new FlowFailure("200 page without a form at " + page));
                Map<String, String> fields = form.filledIn(user, password);
                response = send(HttpRequest.newBuilder(response.uri().resolve(form.action()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(urlEncoded(fields))), cookies);
            } else {
                throw new FlowFailure(status + " at " + response.uri().getPath() + ": " + snippet(response.body()));
            }
        }
        throw new FlowFailure("no callback after " + MAX_STEPS + " steps");
    }

    private String callbackCode(URI callback, String state) throws FlowFailure {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : callback.getRawQuery() == null ? new String[0] : callback.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) q.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        if (!state.equals(q.get("state"))) throw new FlowFailure("callback state mismatch: " + callback);
        String code = q.get("code");
        if (code == null) throw new FlowFailure("callback without a code: " + callback);
        return code;
    }

    private void exchange(String code) throws IOException, InterruptedException, FlowFailure {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", target.redirectUri());
        form.put("client_id", target.clientId());
        form.put("client_secret", target.clientSecret());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(target.tokenUrl())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlEncoded(form))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("\"access_token\"")) {
            throw new FlowFailure("token exchange " + r.statusCode() + ": " + snippet(r.body()));
        }
    }

    /** Sends with the flow's cookies and keeps the ones the answer sets (one loopback host: every cookie goes back). */
    private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> cookies) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        for (String set : r.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            boolean expired = set.toLowerCase(java.util.Locale.ROOT).contains("max-age=0") || value.isEmpty();
            if (expired) cookies.remove(name);
            else cookies.put(name, value);
        }
        return r;
    }

    static String urlEncoded(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String snippet(String body) {
        String s = body == null ? "" : body.replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
