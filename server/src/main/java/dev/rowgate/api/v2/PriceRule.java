package dev.rowgate.api.v2;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a v2 call costs in rows (api-v2.md): the table's request price, plus results x its per-result price, plus 5
 * rows for a where and 5 for a having (10 each on linked_domains_by_type), rounded up. subscription_info is free.
 */
public record PriceRule(BigDecimal requestPrice, BigDecimal perResultPrice, long wherePrice, long havingPrice) {

    public static PriceRule of(V2Tables.Table table) {
        long filter = table.name().equals("linked_domains_by_type") ? 10 : 5;
        if (table.name().equals("subscription_info")) filter = 0;
        return new PriceRule(table.requestPrice(), table.perResultPrice(), filter, filter);
    }

    public long cost(long results, boolean where, boolean having) {
        BigDecimal total = requestPrice.add(perResultPrice.multiply(BigDecimal.valueOf(results)))
                .add(BigDecimal.valueOf((where ? wherePrice : 0) + (having ? havingPrice : 0)));
        return total.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /**
     * The most results that fit in rowsLeft (rows.md: the server may clamp the query's limit), or -1 when not even
     * the request itself fits.
     */
    public long maxResults(long rowsLeft, boolean where, boolean having, long requestedLimit) {
        if (cost(0, where, having) > rowsLeft) return -1;
        if (perResultPrice.signum() == 0) return requestedLimit;
        // Largest n with cost(n) <= rowsLeft; cost is monotone, so start from the exact quotient and step down.
        BigDecimal room = BigDecimal.valueOf(rowsLeft).subtract(cost0(where, having));
        long n = Math.min(requestedLimit, room.divide(perResultPrice, 0, RoundingMode.FLOOR).longValue());
        while (n > 0 && cost(n, where, having) > rowsLeft) n--;
        return n;
    }

    private BigDecimal cost0(boolean where, boolean having) {
        return requestPrice.add(BigDecimal.valueOf((where ? wherePrice : 0) + (having ? havingPrice : 0)));
    }
}
