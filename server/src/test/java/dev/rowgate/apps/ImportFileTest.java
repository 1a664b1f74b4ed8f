package dev.rowgate.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The import file reader: RFC 4180 CSV with line numbers that point at the right line, and JSON arrays. */
class ImportFileTest {

    @Test
    void csvWhenQuotedFieldsThenCommasQuotesAndNewlinesKeptAndLinesCounted() {
        ImportFile.Parsed p = ImportFile.parse("\uFEFFclient_id,name,type,redirect_uris\r\n"
                + "\"Serp Avenger-development\",\"Say \"\"hi\"\", twice\",web,https://a.example/cb  https://a.example/cb2\r\n"
                + "\n"
                + "multi,\"two\nlines\",desktop,http://127.0.0.1/cb\n"
                + "last,  Padded  ,desktop,http://127.0.0.1/cb\n");

        assertThat(p.problems()).isEmpty();
        assertThat(p.entries()).extracting(ImportFile.Entry::where).containsExactly("line 2", "line 4", "line 6");
        assertThat(p.entries().get(0).fields()).containsEntry("client_id", "Serp Avenger-development").containsEntry("name", "Say \"hi\", twice");
        assertThat(p.entries().get(0).redirectUris()).containsExactly("https://a.example/cb", "https://a.example/cb2");
        assertThat(p.entries().get(1).fields()).containsEntry("name", "two\nlines");
        assertThat(p.entries().get(2).fields()).containsEntry("name", "Padded");
    }

    @Test
    void csvWhenMalformedThenTheLineIsNamed() {
        assertThat(ImportFile.parse("client_id,colour\nx,red\n").problems()).containsExactly(
                "line 1: unknown column \"colour\" (columns: client_id, name, owner_email, redirect_uris, secret, status, type)");
        assertThat(ImportFile.parse("client_id,type\nx,web,extra\n").problems()).containsExactly("line 2: has 3 fields, the header has 2");
        assertThat(ImportFile.parse("client_id,type\n\"x,web\n").problems()).containsExactly("line 2: a quoted field is not closed");
        assertThat(ImportFile.parse("client_id,type\n").problems()).containsExactly("the file has a header and no apps");
        assertThat(ImportFile.parse("  \n").problems()).containsExactly("the file is empty");
    }

    @Test
    void jsonWhenArrayOfObjectsThenFieldsAndUriArraysRead() {
        ImportFile.Parsed p = ImportFile.parse("[{\"client_id\": \"a b\", \"type\": \"web\", \"redirect_uris\": [\"https://x.example/1\"], "
                + "\"owner_email\": null}, {\"client_id\": \"c\", \"redirect_uris\": \"https://x.example/2 https://x.example/3\"}]");
        assertThat(p.problems()).isEmpty();
        assertThat(p.entries().get(0).fields()).containsOnlyKeys("client_id", "type");
        assertThat(p.entries().get(1).redirectUris()).isEqualTo(List.of("https://x.example/2", "https://x.example/3"));
        assertThat(ImportFile.parse("{\"client_id\": \"x\"}").problems()).containsExactly("JSON: expected an array of app objects, [{\"client_id\": ...}, ...]");
        assertThat(ImportFile.parse("[1, {\"client_id\": 5}]").problems()).containsExactly("record 1: must be an object", "record 2: client_id must be a string");
        assertThat(ImportFile.parse("[{").problems().getFirst()).startsWith("not valid JSON");
    }
}
