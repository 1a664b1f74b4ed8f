package dev.rowgate.linkdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rowgate.store.Jdbc;
import dev.rowgate.store.Tx;
import dev.rowgate.testing.BothDatabases;
import dev.rowgate.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest extends BothDatabases {

    @TempDir
    Path dir;

    Loader loader;
    String site;

    @BeforeEach
    void setUp() {
        loader = new Loader(db(), stores().linkData());
        site = "load" + Fixtures.next() + ".example";
    }

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private long count(String sql, Object... args) {
        return db().read((Tx tx) -> Jdbc.count(tx, sql, args));
    }

    @Test
    void jsonLinesAndCsvLoadPagesLinksAndStubPagesForLinkEnds() throws IOException {
        Path pages = file("pages.jsonl", """
                {"url":"https://%1$s/","title":"Home","http_code":200,"size":1234,"first_seen":"2013-08-08T17:40:21Z","last_visited":"2013-11-24"}
                {"url":"https://%1$s/about","title":"About","http_code":404}
                """.formatted(site));
        Path links = file("links.csv", """
                url_from,url_to,anchor,link_type,nofollow,first_seen
                https://%1$s/,https://%1$s/about,"About us, and more",href,false,2014-01-01
                https://other.%1$s/x,https://%1$s/,home,href,true,1388534400
                """.formatted(site));

        Loader.Summary s = loader.load(List.of(pages, links), null);

        assertThat(s.pages()).isEqualTo(2);
        assertThat(s.links()).isEqualTo(2);
        assertThat(s.badLines()).isZero();
        assertThat(count("SELECT count(*) FROM pages WHERE host IN (?, ?)", site, "other." + site)).isEqualTo(3); // one stub
        assertThat(count("SELECT count(*) FROM pages WHERE url = ? AND title = 'Home' AND http_code = 200 AND size = 1234",
                "https://" + site + "/")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM links l JOIN pages p ON p.id = l.from_page_id WHERE p.host = ? AND l.anchor = ?",
                site, "About us, and more")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM links l JOIN pages p ON p.id = l.from_page_id WHERE p.host = ? AND l.nofollow = ?",
                "other." + site, true)).isEqualTo(1);
        assertThat(count("SELECT l.first_seen FROM links l JOIN pages p ON p.id = l.from_page_id WHERE p.host = ?", "other." + site))
                .isEqualTo(1388534400000L);
    }

    @Test
    void badLinesAreReportedWithNumberAndReasonAndSkipped() throws IOException {
        Path f = file("mixed.jsonl", String.join("\n",
                "{\"url\":\"https://" + site + "/ok\"}",
                "not json",
                "{\"url\":\"ftp://" + site + "/x\"}",
                "{\"url\":\"https://" + site + "/code\",\"http_code\":\"abc\"}",
                "{\"url_from\":\"https://" + site + "/ok\",\"url_to\":\"https://" + site + "/y\",\"link_type\":\"teleport\"}",
                "{\"title\":\"no url\"}",
                "{\"url\":\"https://" + site + "/date\",\"first_seen\":\"yesterday\"}",
                "{\"url_from\":\"https://" + site + "/ok\",\"url_to\":\"https://" + site + "/z\"}"));

        Loader.Summary s = loader.load(List.of(f), null);

        assertThat(s.pages()).isEqualTo(1);
        assertThat(s.links()).isEqualTo(1);
        assertThat(s.badLines()).isEqualTo(6);
        assertThat(s.firstBadLines()).extracting(BadLine::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(s.firstBadLines()).extracting(BadLine::reason).containsExactly(
                "not a JSON object",
                "url \"ftp://" + site + "/x\" is not an http(s) URL",
                "http_code \"abc\" is not a whole number",
                "link_type \"teleport\" is not one of " + LinkRecord.TYPES,
                "neither a page (url) nor a link (url_from, url_to)",
                "first_seen \"yesterday\" is not a date like 2013-08-08T17:40:21Z or 2013-08-08");
        assertThat(count("SELECT count(*) FROM pages WHERE host = ?", site)).isEqualTo(2); // /ok and the stub /z
    }

    @Test
    void csvWithAWrongFieldCountSkipsThatLineOnly() throws IOException {
        Path f = file("pages.csv", "url,title\nhttps://" + site + "/a,A\nhttps://" + site + "/b,B,extra\nhttps://" + site + "/c,C\n");
        Loader.Summary s = loader.load(List.of(f), null);
        assertThat(s.pages()).isEqualTo(2);
        assertThat(s.firstBadLines()).singleElement().satisfies(b -> {
            assertThat(b.line()).isEqualTo(3);
            assertThat(b.reason()).isEqualTo("has 3 fields, the header has 2");
        });
    }

    @Test
    void loadingAgainUpdatesAndAddsWithoutDuplicates() throws IOException {
        Path first = file("p1.jsonl", "{\"url\":\"https://" + site + "/\",\"title\":\"Old\",\"http_code\":200}\n"
                + "{\"url_from\":\"https://" + site + "/\",\"url_to\":\"https://" + site + "/x\",\"anchor\":\"a\"}\n");
        loader.load(List.of(first), null);
        Path second = file("p2.jsonl", "{\"url\":\"https://" + site + "/\",\"title\":\"New\"}\n"
                + "{\"url_from\":\"https://" + site + "/\",\"url_to\":\"https://" + site + "/x\",\"anchor\":\"a\",\"nofollow\":true}\n"
                + "{\"url_from\":\"https://" + site + "/\",\"url_to\":\"https://" + site + "/x\",\"anchor\":\"b\"}\n");
        loader.load(List.of(second, second), null);

        assertThat(count("SELECT count(*) FROM pages WHERE host = ?", site)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM pages WHERE host = ? AND title = 'New' AND http_code = 200", site)).isEqualTo(1); // kept
        assertThat(count("SELECT count(*) FROM links l JOIN pages p ON p.id = l.from_page_id WHERE p.host = ?", site)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM links l JOIN pages p ON p.id = l.from_page_id WHERE p.host = ? AND l.nofollow = ?", site, true))
                .isEqualTo(1);
    }

    @Test
    void gzippedFilesAndManyBatches() throws IOException {
        Path f = dir.resolve("big.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            for (int i = 0; i < 2_500; i++) {
                out.write(("{\"url_from\":\"https://" + site + "/p" + i + "\",\"url_to\":\"https://" + site + "/p" + (i + 1) + "\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        List<Long> progress = new ArrayList<>();
        Loader.Summary s = loader.load(List.of(f), (file, read, total, records, ms) -> progress.add(records));

        assertThat(s.links()).isEqualTo(2_500);
        assertThat(progress).containsExactly(1_000L, 2_000L, 2_500L);
        assertThat(count("SELECT count(*) FROM pages WHERE host = ?", site)).isEqualTo(2_501);
    }

    @Test
    void theSampleWebIsReproducibleAndLoadsWhatItWrote() throws Exception {
        SampleWeb.Summary a = SampleWeb.write(dir.resolve("a"), 300, 42);
        SampleWeb.Summary b = SampleWeb.write(dir.resolve("b"), 300, 42);
        assertThat(sha256(a.linksFile())).isEqualTo(sha256(b.linksFile()));
        assertThat(sha256(a.pagesFile())).isEqualTo(sha256(b.pagesFile()));
        assertThat(sha256(SampleWeb.write(dir.resolve("c"), 300, 43).linksFile())).isNotEqualTo(sha256(a.linksFile()));

        long pagesBefore = count("SELECT count(*) FROM pages");
        Loader.Summary s = loader.load(List.of(a.pagesFile(), a.linksFile()), null);

        assertThat(s.badLines()).isZero();
        assertThat(s.pages()).isEqualTo(300);
        assertThat(s.links()).isEqualTo(a.links());
        assertThat(count("SELECT count(*) FROM pages") - pagesBefore).isEqualTo(300);
        // The example target is a domain with backlinks from other sites.
        assertThat(count("SELECT count(*) FROM links l JOIN pages t ON t.id = l.to_page_id JOIN pages f ON f.id = l.from_page_id "
                + "JOIN domains d ON d.id = t.domain_id WHERE d.name = ? AND f.domain_id <> t.domain_id", a.exampleTarget())).isPositive();
        assertThat(count("SELECT count(*) FROM pages WHERE host NOT LIKE '%.example'")).isZero();
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @Test
    void aLoadBumpsTheDataVersionAndRefreshesPlannerStatistics() throws IOException {
        long version = db().read(LinkDataVersion::current);
        loader.load(List.of(file("s.jsonl", "{\"url_from\":\"https://a." + site + "/\",\"url_to\":\"https://" + site + "/\"}\n")), null);

        assertThat(db().read(LinkDataVersion::current)).isEqualTo(version + 1);
        String stats = dialect == dev.rowgate.config.DatabaseUrl.Dialect.SQLITE
                ? "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'links'"
                : "SELECT count(*) FROM pg_stats WHERE tablename = 'links'";
        assertThat(count(stats)).isPositive();

        loader.load(List.of(file("empty.jsonl", "")), null); // nothing written: no new version
        assertThat(db().read(LinkDataVersion::current)).isEqualTo(version + 1);
    }

    @Test
    void eachLinkCarriesTheDomainOfThePageItLinksTo() throws IOException {
        // The linked pages: one loaded before (another domain's), one that the links' load creates as a stub.
        loader.load(List.of(file("before.jsonl", "{\"url\":\"https://other-%s/post\",\"title\":\"Post\"}\n".formatted(site))), null);
        Path links = file("links.csv", """
                url_from,url_to,anchor,link_type
                https://%1$s/,https://other-%1$s/post,a post,href
                https://%1$s/,https://%1$s/new,new page,href
                """.formatted(site));

        loader.load(List.of(links), null);

        assertThat(db().read((Tx tx) -> Jdbc.query(tx, """
                SELECT d.name FROM links l JOIN pages f ON f.id = l.from_page_id JOIN domains d ON d.id = l.to_domain_id
                WHERE f.host = ? ORDER BY d.name""", rs -> rs.getString(1), site)))
                .containsExactly(site, "other-" + site);
        assertThat(count("SELECT count(*) FROM links l JOIN pages t ON t.id = l.to_page_id WHERE l.to_domain_id <> t.domain_id")).isZero();
    }

    @Test
    void postgresVacuumsTheLinkTablesAtTheEndOfALoad() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dialect == dev.rowgate.config.DatabaseUrl.Dialect.POSTGRES,
                "VACUUM and its visibility map are PostgreSQL's");
        java.time.OffsetDateTime before = db().read((Tx tx) -> Jdbc.one(tx, "SELECT clock_timestamp()",
                rs -> rs.getObject(1, java.time.OffsetDateTime.class))).orElseThrow();

        loader.load(List.of(file("links.csv", "url_from,url_to\nhttps://%1$s/,https://%1$s/b\n".formatted(site))), null);

        // Vacuumed after the load, so that index-only scans of the new rows need not read the table.
        assertThat(db().read((Tx tx) -> Jdbc.query(tx, """
                SELECT relname FROM pg_stat_user_tables WHERE relname IN ('domains', 'pages', 'links') AND last_vacuum > ?
                ORDER BY relname""", rs -> rs.getString(1), before))).containsExactly("domains", "links", "pages");
    }
}
