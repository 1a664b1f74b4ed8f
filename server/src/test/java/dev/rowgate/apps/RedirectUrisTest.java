package dev.rowgate.apps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedirectUrisTest {

    @ParameterizedTest(name = "{1} {0} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "OK", textBlock = """
            https://client.example/cb               | WEB     | OK
            https://client.example/cb?keep=1        | WEB     | OK
            http://127.0.0.1:9000/callback          | WEB     | OK
            http://[::1]/cb                         | DESKTOP | OK
            http://localhost:1234/cb                | DESKTOP | OK
            com.example.app:/oauth                  | DESKTOP | OK
            com.example.app:/oauth                  | WEB     | must use https (or, for desktop apps, a loopback http URI or a private-use scheme like com.example.app:/cb)
            http://client.example/cb                | WEB     | must use https; plain http is allowed only on a loopback host (127.0.0.1, [::1], localhost)
            https://client.example/cb#frag          | WEB     | must not contain a fragment (#...)
            /relative/cb                            | WEB     | must be absolute (https://...)
            https://client.example/a b              | WEB     | is not a valid URI (Illegal character in path)
            """)
    void registrationRules(String uri, App.Type type, String problem) {
        assertThat(RedirectUris.problem(uri, type)).isEqualTo(problem);
    }
}
