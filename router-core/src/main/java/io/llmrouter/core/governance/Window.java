package io.llmrouter.core.governance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A fixed window that limits and budgets count in, aligned on UTC boundaries so that every replica computes the
 * same window from its own clock. Windows are half-open: {@code [start, end)}, in milliseconds since the epoch.
 */
public sealed interface Window {

    /** Shortest fixed window a budget may use. */
    Duration MIN_FIXED = Duration.ofMinutes(1);
    /** Longest fixed window a budget may use. */
    Duration MAX_FIXED = Duration.ofDays(366);

    /** Start of the window containing {@code millis}. */
    long start(long millis);

    /** End (exclusive) of the window containing {@code millis}. */
    long end(long millis);

    /** How the window is named in messages: {@code minute}, {@code day}, {@code month} or the ISO-8601 duration. */
    String label();

    /** Windows of a fixed length counted from the epoch: the UTC minute (rates) and the UTC day. */
    record Aligned(long lengthMillis, String label) implements Window {
        @Override
        public long start(long millis) {
            return Math.floorDiv(millis, lengthMillis) * lengthMillis;
        }

        @Override
        public long end(long millis) {
            return start(millis) + lengthMillis;
        }
    }

    /** The UTC calendar month: from the first day's midnight to the next month's. */
    record Month() implements Window {
        @Override
        public long start(long millis) {
            return monthStart(millis, 0);
        }

        @Override
        public long end(long millis) {
            return monthStart(millis, 1);
        }

        @Override
        public String label() {
            return "month";
        }

        private static long monthStart(long millis, int plus) {
            LocalDate date = Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC).toLocalDate();
            return date.withDayOfMonth(1).plusMonths(plus).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
    }

    /**
     * A fixed length counted from an anchor: the window containing t starts at
     * {@code anchor + floor((t - anchor) / length) * length}, before the anchor too.
     */
    record Fixed(Duration length, Instant anchor) implements Window {
        public Fixed {
            if (length.compareTo(MIN_FIXED) < 0 || length.compareTo(MAX_FIXED) > 0) {
                throw new IllegalArgumentException("must be between PT1M and P366D, got " + length);
            }
            if (length.getNano() != 0) {
                throw new IllegalArgumentException("must be whole seconds, got " + length);
            }
        }

        @Override
        public long start(long millis) {
            long a = anchor.toEpochMilli();
            long d = length.toMillis();
            return a + Math.floorDiv(millis - a, d) * d;
        }

        @Override
        public long end(long millis) {
            return start(millis) + length.toMillis();
        }

        @Override
        public String label() {
            return length.toString();
        }
    }

    /** The UTC minute. */
    Window MINUTE = new Aligned(60_000L, "minute");
    /** The UTC day. */
    Window DAY = new Aligned(86_400_000L, "day");
    /** The UTC month. */
    Window MONTH = new Month();

    /**
     * A budget period as configured: {@code day}, {@code month}, or an ISO-8601 duration ({@code PT6H}, {@code P7D},
     * {@code P2W}) counted from {@code anchor}.
     *
     * @throws IllegalArgumentException with a message saying what is accepted
     */
    static Window parse(String period, Instant anchor) {
        String p = period.trim();
        switch (p.toLowerCase(Locale.ROOT)) {
            case "day":
                return DAY;
            case "month":
                return MONTH;
            default:
                break;
        }
        String upper = p.toUpperCase(Locale.ROOT);
        if (upper.matches("P\\d+[MY]")) {
            throw new IllegalArgumentException("a month or a year is not a fixed length: use 'month', got " + p);
        }
        Duration length;
        try {
            length = upper.matches("P\\d+W") ? Duration.ofDays(7 * Long.parseLong(upper.substring(1, upper.length() - 1)))
                    : Duration.parse(upper);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("must be 'day', 'month' or an ISO-8601 duration (PT6H, P7D, P2W), got "
                    + p);
        }
        return new Fixed(length, anchor);
    }
}
