package io.llmrouter.core.governance;

/**
 * Budgets are counted in whole nano-USD (10⁻⁹ USD), integers that a store can add exactly: Redis' Lua numbers are
 * doubles, exact up to 2⁵³ nano-USD, which {@link #MAX_BUDGET_USD} keeps every counter under.
 */
public final class Units {

    /** The largest budget one scope may set, in USD. */
    public static final double MAX_BUDGET_USD = 1_000_000;
    private static final double NANOS_PER_USD = 1e9;

    private Units() {
    }

    /** {@code usd} in nano-USD, rounded up so that a cost is never counted as less than it was. */
    public static long nanos(double usd) {
        return usd <= 0 || Double.isNaN(usd) ? 0 : (long) Math.ceil(usd * NANOS_PER_USD);
    }

    /** {@code nanos} nano-USD in USD. */
    public static double usd(long nanos) {
        return nanos / NANOS_PER_USD;
    }
}
