package io.llmrouter.core.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void costsRoundUpToWholeNanoDollars() {
        assertEquals(1, Units.nanos(1e-12));
        assertEquals(250_000_000_000L, Units.nanos(250));
        assertEquals(0, Units.nanos(0));
        assertEquals(0, Units.nanos(Double.NaN));
        assertEquals(250.0, Units.usd(250_000_000_000L));
    }

    @Test
    void theLargestBudgetStaysExactInADouble() {
        assertTrue(Units.nanos(Units.MAX_BUDGET_USD) < (1L << 53));
    }
}
