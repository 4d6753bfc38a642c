package io.llmrouter.deployments;

import java.math.BigDecimal;
import java.util.Map;

/** Kubernetes resource quantities (250m, 2, 128Mi, 1G) as plain numbers, to compare requests with limits. */
final class Quantity {

    private static final Map<String, BigDecimal> SUFFIXES = Map.of(
            "m", new BigDecimal("0.001"),
            "k", BigDecimal.valueOf(1_000L), "M", BigDecimal.valueOf(1_000_000L), "G", BigDecimal.valueOf(1_000_000_000L),
            "Ki", BigDecimal.valueOf(1L << 10), "Mi", BigDecimal.valueOf(1L << 20), "Gi", BigDecimal.valueOf(1L << 30),
            "Ti", BigDecimal.valueOf(1L << 40));

    private Quantity() {
    }

    static double parse(String quantity) {
        String number = quantity.replaceAll("[A-Za-z]+$", "");
        String suffix = quantity.substring(number.length());
        BigDecimal factor = suffix.isEmpty() ? BigDecimal.ONE : SUFFIXES.get(suffix);
        if (factor == null) {
            throw new IllegalArgumentException("unknown quantity suffix in " + quantity);
        }
        return new BigDecimal(number).multiply(factor).doubleValue();
    }
}
