package io.llmrouter.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The x-router-cost-usd header keeps the exact text of {@code %.8f}, whatever formats it. */
class ResponsesCostFormatTest {

    private static void same(double usd) {
        assertEquals(String.format(Locale.ROOT, "%.8f", usd), Responses.formatCost(usd), "cost " + usd);
    }

    @Test
    void edgeValues() {
        for (double v : new double[] {0.0, -0.0, 1e-9, 5e-9, 4.9999999e-9, 0.000000015, 0.000000025, 0.15, 1.0,
                0.00012345678, 0.000123456785, 123456.123456789, 1e-300, Double.MIN_VALUE, 1e15, 0.1 + 0.2,
                Double.NaN, Double.POSITIVE_INFINITY}) {
            same(v);
        }
    }

    @Test
    void pricesTimesTokens() {
        SplittableRandom random = new SplittableRandom(42);
        double[] prices = {0.00015, 0.0006, 0.0008, 0.004, 0.0025, 0.01, 0.03, 0.0001, 0.0002, 0.0015};
        for (int i = 0; i < 200_000; i++) {
            double in = prices[random.nextInt(prices.length)];
            double out = prices[random.nextInt(prices.length)];
            same(random.nextInt(200_000) * in / 1000.0 + random.nextInt(20_000) * out / 1000.0);
            same(random.nextDouble() * Math.pow(10, random.nextInt(-12, 6)));
        }
    }
}
