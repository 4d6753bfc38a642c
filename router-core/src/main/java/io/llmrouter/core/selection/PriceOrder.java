package io.llmrouter.core.selection;

import java.util.Arrays;

/**
 * The cost order of one model's candidates, computed once, for candidates whose order no request can change: for
 * every two of them, one is at most as dear as the other in both input and output price. A request's cost at an
 * endpoint is {@code inputPrice × in + outputPrice × out}, with {@code out > 0} always (the request's
 * {@code max_tokens} or the default expected output); with {@code in > 0} as well, the endpoint that is cheaper in
 * one price and no dearer in the other is cheaper for every request, and two endpoints with the same two prices cost
 * the same for every request. So ordering by input price, then output price, then configuration order gives, for any
 * request with {@code in > 0}, exactly the stable cost order a request-by-request sort gives, and its runs of equal
 * prices are exactly the runs of equal costs that share the load.
 *
 * <p>Sorting by input price first also makes a price ceiling cheap: the candidates at or below it are a prefix.
 * Immutable and thread-safe; {@link #order} is the only method that allocates.
 */
final class PriceOrder {

    private final PooledEndpoint[] sorted;
    /** For each position of {@link #sorted}: the position one past the end of its run of equal prices. */
    private final int[] runEnd;
    /** Input price of the first run of two or more equally priced candidates; infinite when there is none. */
    private final double firstTieInputPrice;
    /** The length of the cheapest run less one when that length is a power of two (a modulo mask); else -1. */
    private final int firstRunMask;

    private PriceOrder(PooledEndpoint[] sorted) {
        this.sorted = sorted;
        this.runEnd = new int[sorted.length];
        double firstTie = Double.POSITIVE_INFINITY;
        for (int start = 0; start < sorted.length;) {
            int end = start + 1;
            while (end < sorted.length && samePrices(sorted[start], sorted[end])) {
                end++;
            }
            Arrays.fill(runEnd, start, end, end);
            if (end - start > 1 && firstTie == Double.POSITIVE_INFINITY) {
                firstTie = inputPrice(sorted[start]);
            }
            start = end;
        }
        this.firstTieInputPrice = firstTie;
        int k = runEnd[0];
        this.firstRunMask = Integer.bitCount(k) == 1 ? k - 1 : -1;
    }

    /**
     * The fixed order of {@code candidates} (in configuration order), or null when two of them cross: one cheaper
     * for input, the other for output, so that the request's sizes decide between them.
     */
    static PriceOrder of(PooledEndpoint[] candidates) {
        for (int i = 0; i < candidates.length; i++) {
            for (int j = i + 1; j < candidates.length; j++) {
                int in = compare(inputPrice(candidates[i]), inputPrice(candidates[j]));
                int out = compare(outputPrice(candidates[i]), outputPrice(candidates[j]));
                if (in * out < 0) {
                    return null;
                }
            }
        }
        PooledEndpoint[] sorted = candidates.clone();
        // Arrays.sort on objects is stable: equally priced candidates keep their configuration order.
        Arrays.sort(sorted, (a, b) -> {
            int in = compare(inputPrice(a), inputPrice(b));
            return in != 0 ? in : compare(outputPrice(a), outputPrice(b));
        });
        return new PriceOrder(sorted);
    }

    /**
     * Whether some candidate is priced at most {@code ceiling} (USD per 1K input tokens; NaN: no ceiling): the
     * cheapest one is.
     */
    boolean admitsAny(double ceiling) {
        return Double.isNaN(ceiling) || inputPrice(sorted[0]) <= ceiling;
    }

    /** Whether the candidates under {@code ceiling} (NaN: all) have a run of equal prices to rotate. */
    boolean hasTies(double ceiling) {
        return Double.isNaN(ceiling) ? firstTieInputPrice != Double.POSITIVE_INFINITY : firstTieInputPrice <= ceiling;
    }

    /**
     * The first endpoint of the order for rotation {@code turn} (negative when there are no ties to rotate): the
     * cheapest run rotated left by {@code turn} modulo its length. Allocates nothing.
     */
    PooledEndpoint first(int turn) {
        if (turn < 0) {
            return sorted[0];
        }
        // The usual tie is a pair, or some other power of two: a mask, where a division costs tens of cycles.
        return sorted[firstRunMask >= 0 ? turn & firstRunMask : turn % runEnd[0]];
    }

    /**
     * The whole order for rotation {@code turn} under {@code ceiling} (NaN: no ceiling), each run of equal prices
     * rotated left by {@code turn} modulo its length: what the plan tries after its first endpoint. A new array.
     */
    PooledEndpoint[] order(double ceiling, int turn) {
        int n = sorted.length;
        if (!Double.isNaN(ceiling)) {
            n = 0;
            while (n < sorted.length && inputPrice(sorted[n]) <= ceiling) {
                n++;
            }
        }
        PooledEndpoint[] order = new PooledEndpoint[n];
        for (int start = 0; start < n; start = runEnd[start]) {
            int k = runEnd[start] - start;
            int by = turn < 0 ? 0 : turn % k;
            for (int j = 0; j < k; j++) {
                order[start + j] = sorted[start + (j + by) % k];
            }
        }
        return order;
    }

    /** Prices compared as costs compare them: 0.0 and -0.0 are equal (prices are finite, never NaN). */
    private static int compare(double a, double b) {
        return a < b ? -1 : a > b ? 1 : 0;
    }

    private static boolean samePrices(PooledEndpoint a, PooledEndpoint b) {
        return inputPrice(a) == inputPrice(b) && outputPrice(a) == outputPrice(b);
    }

    private static double inputPrice(PooledEndpoint p) {
        return p.endpoint().inputPrice();
    }

    private static double outputPrice(PooledEndpoint p) {
        return p.endpoint().outputPrice();
    }
}
