package dev.rowgate.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class V2TablesTest {

    @Test
    void theBundledCatalogueIsTheContractsOwnCopy() throws IOException {
        // CI and developers have ../shared/spec beside the clone; the bundled copy must not drift from it.
        Path contract = Path.of(System.getProperty("rowgate.repo.root", "..")).resolve("../shared/spec/v2-tables.tsv").normalize();
        Path fromServerModule = Path.of("../../shared/spec/v2-tables.tsv");
        Path found = Files.exists(contract) ? contract : fromServerModule;
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(found), "the shared spec is not beside this clone");
        try (var bundled = V2Tables.class.getResourceAsStream("/v2/tables.tsv")) {
            assertThat(new String(bundled.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Files.readString(found));
        }
    }

    @Test
    void allTwentyFiveTablesWithTheirKeysRulesAndPrices() {
        assertThat(V2Tables.all()).hasSize(25).containsKeys("backlinks", "subscription_info", "refips", "linked_domains_by_type");
        var backlinks = V2Tables.table("backlinks").orElseThrow();
        assertThat(backlinks.jsonKey()).isEqualTo("refpages");
        assertThat(backlinks.perResultPrice()).isEqualByComparingTo(new BigDecimal("0.2"));
        assertThat(backlinks.column("domain_rating")).get().satisfies(c -> {
            assertThat(c.type()).isEqualTo(V2Tables.Type.INT);
            assertThat(c.where()).isFalse();
            assertThat(c.having()).isTrue();
        });
        var perDomain = V2Tables.table("backlinks_one_per_domain").orElseThrow();
        assertThat(perDomain.columns()).containsKeys("url_from", "anchor", "url_from_first_seen", "total_backlinks");
        assertThat(V2Tables.table("linked_domains_by_type").orElseThrow().requestPrice()).isEqualByComparingTo("10");
        var positions = V2Tables.table("positions_metrics").orElseThrow();
        assertThat(positions.column("country")).get().satisfies(c -> assertThat(c.where() && !c.having()).isTrue());
        assertThat(positions.column("traffic")).get().extracting(V2Tables.Column::type).isEqualTo(V2Tables.Type.FLOAT);
        assertThat(V2Tables.table("backlinks_new_lost").orElseThrow().column("date")).get().extracting(V2Tables.Column::type)
                .isEqualTo(V2Tables.Type.DAY);
    }

    @Test
    void everyTableOfTheCatalogueIsServedWithExactlyItsColumns() {
        // The one-object tables and subscription_info are answered by V2Endpoint itself; every other one by a query.
        var special = java.util.Set.of("subscription_info", "domain_rating", "metrics", "metrics_extended", "positions_metrics");
        for (V2Tables.Table table : V2Tables.all().values()) {
            if (special.contains(table.name())) {
                assertThat(TableQuery.SERVED).as(table.name()).doesNotContainKey(table.name());
                continue;
            }
            TableQuery q = TableQuery.SERVED.get(table.name());
            assertThat(q).as(table.name() + " is served").isNotNull();
            assertThat(q.columns().keySet()).as(table.name()).containsExactlyInAnyOrderElementsOf(table.columns().keySet());
            // A where-only expression exists only for a column that where may use.
            assertThat(q.rowLevel().keySet()).as(table.name()).allSatisfy(c -> assertThat(table.column(c)).get()
                    .extracting(V2Tables.Column::where).isEqualTo(true));
            if (!q.stats().isEmpty()) {
                String declared = table.extraKeys().isEmpty() ? "" : table.extraKeys().getFirst();
                assertThat(declared).as(table.name()).isEqualTo("stats{" + String.join(",", q.stats().keySet()) + "}");
            }
        }
        assertThat(TableQuery.SERVED).hasSize(V2Tables.all().size() - special.size());
    }
}
