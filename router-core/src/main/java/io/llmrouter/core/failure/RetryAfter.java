package io.llmrouter.core.failure;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Reads the delay a 429 asks for, the way the OpenAI and Anthropic SDKs do: {@code retry-after-ms} (milliseconds,
 * fractions allowed) first, then {@code Retry-After} as seconds (fractions allowed) or an RFC 1123 HTTP-date.
 */
final class RetryAfter {

    private RetryAfter() {
    }

    /** The delay in milliseconds, or -1 when no usable header is present. */
    static long millis(Function<String, String> header, Clock clock) {
        if (header == null) {
            return -1;
        }
        double ms = number(header.apply("retry-after-ms"));
        if (ms >= 0) {
            return (long) Math.ceil(ms);
        }
        String value = header.apply("retry-after");
        double seconds = number(value);
        if (seconds >= 0) {
            return (long) Math.ceil(seconds * 1000);
        }
        return date(value, clock);
    }

    /** A non-negative finite number, or -1. */
    static double number(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            double d = Double.parseDouble(value.trim());
            return Double.isFinite(d) && d >= 0 ? d : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long date(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            return Math.max(0, at.toInstant().toEpochMilli() - clock.millis());
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
