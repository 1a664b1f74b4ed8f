package dev.rowgate.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceRuleTest {

    @ParameterizedTest(name = "{0}: {1} results, where={2}, having={3} -> {4} rows")
    @CsvSource(textBlock = """
            backlinks,              0,    false, false, 1
            backlinks,              1,    false, false, 2
            backlinks,              10,   false, false, 3
            backlinks,              11,   false, false, 4
            backlinks,              1000, true,  false, 206
            refdomains,             10,   true,  true,  21
            linked_domains_by_type, 3,    true,  true,  33
            subscription_info,      1,    true,  true,  0
            """)
    void costIsRequestPlusResultsPlusFiltersRoundedUp(String table, long results, boolean where, boolean having, long rows) {
        assertThat(PriceRule.of(V2Tables.table(table).orElseThrow()).cost(results, where, having)).isEqualTo(rows);
    }

    @ParameterizedTest(name = "{0} with {1} rows left, limit {2} -> at most {3} results")
    @CsvSource(textBlock = """
            backlinks,  100,  1000, 495
            backlinks,  3,    1000, 10
            backlinks,  1,    1000, 0
            backlinks,  0,    1000, -1
            refdomains, 50,   20,   20
            refdomains, 50,   1000, 49
            """)
    void maxResultsIsTheLargestCountThatFits(String table, long rowsLeft, long limit, long expected) {
        PriceRule rule = PriceRule.of(V2Tables.table(table).orElseThrow());
        long n = rule.maxResults(rowsLeft, false, false, limit);
        assertThat(n).isEqualTo(expected);
        if (n >= 0) {
            assertThat(rule.cost(n, false, false)).isLessThanOrEqualTo(rowsLeft);
            if (n < limit) assertThat(rule.cost(n + 1, false, false)).isGreaterThan(rowsLeft);
        }
    }
}
