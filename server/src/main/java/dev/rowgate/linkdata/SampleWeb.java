package dev.rowgate.linkdata;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.rowgate.web.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;

/**
 * {@code rowgate data sample}: a synthetic web for demos and benchmarks, the same for the same seed. Clearly labelled
 * synthetic: every host is under the reserved {@code .example} TLD (RFC 2606) and every IP in TEST-NET-3
 * (RFC 5737), titles say "Synthetic". Shapes follow real link data loosely: a few popular sites draw most external
 * links (Zipf), two thirds of links are internal, out-degrees vary, and there are nofollow links, image links with
 * alt text, redirects, canonicals, feeds, broken pages (404, 500), and links that were lost.
 */
public final class SampleWeb {

    public record Summary(long pages, long links, int sites, String exampleTarget, Path pagesFile, Path linksFile) {}

    /** Dates are drawn back from this fixed day, not from now, so the same seed gives the same files. */
    static final long BASE = ZonedDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
    private static final long DAY = 86_400_000L;
    private static final List<String> WORDS = List.of("home", "pricing", "blog", "news", "guide", "review", "best", "deals", "contact",
            "about", "docs", "api", "tools", "seo", "backlinks", "travel", "recipes", "sports", "finance", "music");
    private static final List<String> ANCHORS = List.of("read more", "click here", "homepage", "this guide", "best deals", "official site",
            "learn more", "source", "documentation", "our review");

    private SampleWeb() {}

    public static Summary write(Path folder, int pageCount, long seed) throws IOException {
        if (pageCount < 10) throw new IllegalArgumentException("pages: at least 10");
        Files.createDirectories(folder);
        Random r = new Random(seed);
        int sites = Math.max(3, pageCount / 25); // at most pageCount / 3, so every site has pages of its own
        String[] hosts = new String[sites];
        double[] popularity = new double[sites];
        double total = 0;
        for (int s = 0; s < sites; s++) {
            String name = String.format("site-%04d.example", s);
            hosts[s] = r.nextInt(10) < 3 ? "www." + name : r.nextInt(10) == 0 ? "blog." + name : name;
            popularity[s] = 1.0 / Math.pow(s + 1, 1.1); // Zipf: site 0 is the most linked to
            total += popularity[s];
        }
        // Pages per site: one each (the home page), the rest shared by the same skew, remainders to the most popular.
        int[] count = new int[sites];
        int rest = pageCount - sites;
        int given = 0;
        for (int s = 0; s < sites; s++) {
            count[s] = 1 + (int) Math.floor(rest * popularity[s] / total);
            given += count[s];
        }
        for (int s = 0; given < pageCount; s = (s + 1) % sites, given++) count[s]++;
        int[] firstPage = new int[sites + 1];
        int[] siteOf = new int[pageCount];
        for (int s = 0, p = 0; s < sites; s++) {
            firstPage[s] = p;
            for (int i = 0; i < count[s]; i++) siteOf[p++] = s;
        }
        firstPage[sites] = pageCount;
        String[] urls = new String[pageCount];
        int[] httpCodes = new int[pageCount];
        long[] firstSeen = new long[pageCount];
        for (int p = 0; p < pageCount; p++) {
            int s = siteOf[p];
            int index = p - firstPage[s];
            urls[p] = "https://" + hosts[s] + (index == 0 ? "/" : "/" + WORDS.get(r.nextInt(WORDS.size())) + "/" + index);
            int roll = r.nextInt(100);
            httpCodes[p] = index == 0 ? 200 : roll < 92 ? 200 : roll < 96 ? 404 : roll < 98 ? 301 : 500;
            firstSeen[p] = BASE - (30 + r.nextInt(3 * 365)) * DAY;
        }
        Path pagesFile = folder.resolve("pages.jsonl");
        Path linksFile = folder.resolve("links.jsonl");
        long links = 0;
        int[] inbound = new int[sites];
        try (OutputStream out = Files.newOutputStream(pagesFile); JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            for (int p = 0; p < pageCount; p++) {
                int s = siteOf[p];
                long lastVisited = firstSeen[p] + (long) (r.nextDouble() * (BASE - firstSeen[p]));
                g.writeStartObject();
                g.writeStringField("url", urls[p]);
                g.writeStringField("title", "Synthetic page " + (p - firstPage[s]) + " on " + hosts[s]);
                g.writeNumberField("http_code", httpCodes[p]);
                g.writeNumberField("size", 2_000 + r.nextInt(200_000));
                g.writeStringField("encoding", "utf-8");
                g.writeStringField("language", List.of("en", "en", "en", "de", "fr", "es").get(r.nextInt(6)));
                g.writeStringField("ip", "203.0.113." + (1 + s % 254));
                if (httpCodes[p] == 301) g.writeStringField("redirect_url", "https://" + hosts[s] + "/");
                g.writeStringField("first_seen", Instant.ofEpochMilli(firstSeen[p]).toString());
                g.writeStringField("last_visited", Instant.ofEpochMilli(lastVisited).toString());
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
        try (OutputStream out = Files.newOutputStream(linksFile); JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            for (int p = 0; p < pageCount; p++) {
                int s = siteOf[p];
                int outDegree = (int) Math.min(40, Math.round(-Math.log(1 - r.nextDouble()) * 6)); // geometric-like, mean about 6
                java.util.Set<String> written = new java.util.HashSet<>(); // one line per (to, anchor, type) of this page
                for (int k = 0; k < outDegree; k++) {
                    boolean internal = r.nextInt(3) != 0 && firstPage[s + 1] - firstPage[s] > 1;
                    int target;
                    if (internal) {
                        target = firstPage[s] + r.nextInt(firstPage[s + 1] - firstPage[s]);
                    } else {
                        int ts = pickSite(r, popularity, total, s);
                        int size = firstPage[ts + 1] - firstPage[ts];
                        target = r.nextInt(10) < 4 || size <= 1 ? firstPage[ts] : firstPage[ts] + r.nextInt(size);
                    }
                    if (target == p) continue;
                    if (siteOf[target] != s) inbound[siteOf[target]]++;
                    int typeRoll = r.nextInt(100);
                    String type = typeRoll < 85 ? "href" : typeRoll < 91 ? "image" : typeRoll < 94 ? "redirect" : typeRoll < 96 ? "canonical"
                            : typeRoll < 98 ? "rss" : "alternate";
                    String anchor = type.equals("image") ? "" : ANCHORS.get(r.nextInt(ANCHORS.size()));
                    if (!written.add(target + "\n" + anchor + "\n" + type)) continue;
                    long seen = Math.max(firstSeen[p], firstSeen[target]) + r.nextInt(30) * DAY;
                    g.writeStartObject();
                    g.writeStringField("url_from", urls[p]);
                    g.writeStringField("url_to", urls[target]);
                    g.writeStringField("anchor", anchor);
                    g.writeStringField("link_type", type);
                    g.writeBooleanField("nofollow", r.nextInt(100) < 15);
                    if (type.equals("image")) g.writeStringField("alt", "Synthetic image " + k);
                    if (type.equals("redirect")) g.writeNumberField("redirect", 301);
                    g.writeStringField("text_pre", WORDS.get(r.nextInt(WORDS.size())));
                    g.writeStringField("text_post", WORDS.get(r.nextInt(WORDS.size())));
                    g.writeStringField("first_seen", Instant.ofEpochMilli(Math.min(seen, BASE - DAY)).toString());
                    g.writeStringField("last_visited", Instant.ofEpochMilli(BASE - r.nextInt(30) * DAY).toString());
                    if (r.nextInt(100) < 8) g.writeStringField("lost_at", Instant.ofEpochMilli(BASE - r.nextInt(20) * DAY).toString());
                    g.writeEndObject();
                    g.writeRaw('\n');
                    links++;
                }
            }
        }
        int best = 0;
        for (int s = 1; s < sites; s++) if (inbound[s] > inbound[best]) best = s;
        return new Summary(pageCount, links, sites, Urls.domainOf(hosts[best]), pagesFile, linksFile);
    }

    private static int pickSite(Random r, double[] popularity, double total, int exclude) {
        for (int attempt = 0; attempt < 10; attempt++) {
            double x = r.nextDouble() * total;
            for (int s = 0; s < popularity.length; s++) {
                x -= popularity[s];
                if (x <= 0) {
                    if (s != exclude) return s;
                    break;
                }
            }
        }
        return exclude == 0 ? 1 : 0;
    }
}
