package dev.rowgate.linkdata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            https://Example.COM/Path?q=1#frag       | https://example.com/Path?q=1
            HTTP://example.com:80                   | http://example.com/
            https://example.com:443/a               | https://example.com/a
            https://example.com:8443/a              | https://example.com:8443/a
            example.com/blog/                       | http://example.com/blog/
            www.example.com                         | http://www.example.com/
            https://bücher.example/straße           | https://xn--bcher-kva.example/straße
            ftp://example.com/file                  | NULL
            https://                                | NULL
            not a url at all                        | NULL
            42                                      | NULL
            http://localhost/                       | NULL
            http://203.0.113.7:8080/x               | http://203.0.113.7:8080/x
            http://999.1.1.1/                       | NULL
            """)
    void oneSpellingPerUrl(String input, String expected) {
        assertThat(Urls.normalize(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            https://www.example.com/a, www.example.com, example.com
            https://blog.example.com:8080/a, blog.example.com, blog.example.com
            """)
    void hostAndDomain(String url, String host, String domain) {
        assertThat(Urls.hostOf(url)).isEqualTo(host);
        assertThat(Urls.domainOf(Urls.hostOf(url))).isEqualTo(domain);
    }
}
