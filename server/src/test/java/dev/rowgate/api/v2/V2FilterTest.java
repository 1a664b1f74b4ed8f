package dev.rowgate.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V2FilterTest {

    private static final V2Tables.Table BACKLINKS = V2Tables.table("backlinks").orElseThrow();
    private static final V2Tables.Table ANCHORS = V2Tables.table("anchors").orElseThrow();

    private static V2Tables.Column col(String name) {
        return BACKLINKS.column(name).orElseThrow();
    }

    @Test
    void conditionsOfEveryKindJoinedByCommas() {
        List<V2Filter.Condition> c = V2Filter.parse("where",
                "ahrefs_rank>=10, nofollow=false,first_seen<\"2013-11-24\",anchor<>\"a, \\\"quoted\\\" one\",substring(title,\"seo\"),"
                        + "word(anchor,\"best\"), subdomain(url_from,\"blog\")", BACKLINKS);
        assertThat(c).containsExactly(
                new V2Filter.Comparison(col("ahrefs_rank"), V2Filter.Op.GE, 10L),
                new V2Filter.Comparison(col("nofollow"), V2Filter.Op.EQ, false),
                new V2Filter.Comparison(col("first_seen"), V2Filter.Op.LT, LocalDate.of(2013, 11, 24)),
                new V2Filter.Comparison(col("anchor"), V2Filter.Op.NE, "a, \"quoted\" one"),
                new V2Filter.Match(V2Filter.Function.SUBSTRING, col("title"), "seo"),
                new V2Filter.Match(V2Filter.Function.WORD, col("anchor"), "best"),
                new V2Filter.Match(V2Filter.Function.SUBDOMAIN, col("url_from"), "blog"));
    }

    @Test
    void theKnownClientBugWithoutParenthesesMeansTheFunction() {
        assertThat(V2Filter.parse("where", "substringtitle,\"x\",http_code=200", BACKLINKS)).containsExactly(
                new V2Filter.Match(V2Filter.Function.SUBSTRING, col("title"), "x"),
                new V2Filter.Comparison(col("http_code"), V2Filter.Op.EQ, 200L));
    }

    @Test
    void havingUsesTheHavingRules() {
        assertThat(V2Filter.parse("having", "domain_rating>50", BACKLINKS)).singleElement()
                .isEqualTo(new V2Filter.Comparison(col("domain_rating"), V2Filter.Op.GT, 50L));
        assertThatThrownBy(() -> V2Filter.parse("where", "domain_rating>50", BACKLINKS))
                .hasMessage("column \"domain_rating\" can not be used in \"where\"");
        assertThatThrownBy(() -> V2Filter.parse("having", "refdomain=\"x\"", ANCHORS))
                .hasMessage("column \"refdomain\" can not be used in \"having\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nope=1                       | unknown column "nope" in "where" of table "backlinks"
            ahrefs_rank                  | parameter "where": expected an operator (=, <>, <, <=, >, >=) at position 12
            ahrefs_rank=                 | parameter "where": expected a value at position 13
            ahrefs_rank="10"             | parameter "where": expected a whole number (column "ahrefs_rank", position 13)
            anchor=seo                   | parameter "where": expected a value (a number, a quoted string, true or false) at position 8
            anchor=5                     | parameter "where": expected a quoted string (column "anchor", position 8)
            first_seen>"2013-13-45"      | parameter "where": expected a date like "2013-11-24" (column "first_seen", position 12)
            nofollow=yes                 | parameter "where": expected a value (a number, a quoted string, true or false) at position 10
            anchor="open                 | parameter "where": unterminated string starting at position 8
            substring(http_code,"2")     | parameter "where": substring() needs a text column, and "http_code" is not one
            substring(title "x")         | parameter "where": expected "," at position 17
            http_code=200 ahrefs_rank=1  | parameter "where": expected "," or the end after a condition, at position 15
            ,http_code=200               | parameter "where": expected a column or a function at position 1
            """)
    void mistakesAreNamedWithTheParameterAndPlace(String where, String message) {
        assertThatThrownBy(() -> V2Filter.parse("where", where, BACKLINKS)).isInstanceOf(V2Error.class).hasMessage(message);
    }

    @Test
    void selectAndOrderBy() {
        assertThat(V2Filter.select(null, BACKLINKS)).hasSize(BACKLINKS.columns().size());
        assertThat(V2Filter.select("url_from, anchor,url_from", BACKLINKS)).containsExactly(col("url_from"), col("anchor"));
        assertThatThrownBy(() -> V2Filter.select("url_from,nope", BACKLINKS)).hasMessage("unknown column \"nope\" in \"select\" of table \"backlinks\"");
        assertThat(V2Filter.orderBy("ahrefs_rank:desc,first_seen", BACKLINKS)).containsExactly(
                new V2Filter.OrderBy(col("ahrefs_rank"), true), new V2Filter.OrderBy(col("first_seen"), false));
        assertThatThrownBy(() -> V2Filter.orderBy("ahrefs_rank:down", BACKLINKS)).hasMessage("\"order_by\": direction of \"ahrefs_rank\" must be asc or desc");
    }

    @Test
    void whereOnlyAndUnflaggedColumnsFollowTheCatalogue() {
        var positions = V2Tables.table("positions_metrics").orElseThrow();
        assertThat(V2Filter.parse("where", "country=\"de\"", positions)).hasSize(1);
        assertThatThrownBy(() -> V2Filter.parse("having", "country=\"de\"", positions)).hasMessage("column \"country\" can not be used in \"having\"");
        assertThatThrownBy(() -> V2Filter.parse("where", "traffic>1.5", positions)).hasMessage("column \"traffic\" can not be used in \"where\"");
        assertThat(V2Filter.parse("having", "backlinks>=3", ANCHORS)).singleElement().extracting(c -> ((V2Filter.Comparison) c).value()).isEqualTo(3L);
    }

    @Test
    void randomInputOnlyEverFailsWithAV2Error() {
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyz_(),\"\\<>=!- 0123456789.:*\u00e9\u4e2d";
        List<String> seeds = List.of("ahrefs_rank", "anchor", "substring(", "word(", "subdomain(", "\"", "\\", ",", "<=", "<>", "true",
                "2013-11-24", "substringtitle");
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int parts = random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                if (random.nextBoolean()) sb.append(seeds.get(random.nextInt(seeds.size())));
                else sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = sb.toString();
            for (String parameter : List.of("where", "having")) {
                try {
                    V2Filter.parse(parameter, input, BACKLINKS);
                    parsed++;
                } catch (V2Error expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                } catch (RuntimeException e) {
                    throw new AssertionError("input " + input + " (" + parameter + ") threw " + e, e);
                }
            }
            try {
                V2Filter.orderBy(input, BACKLINKS);
                V2Filter.select(input, BACKLINKS);
            } catch (V2Error expected) {
                // fine
            }
        }
        assertThat(parsed).isPositive();
    }
}
