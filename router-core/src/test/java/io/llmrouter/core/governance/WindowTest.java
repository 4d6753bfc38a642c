package io.llmrouter.core.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowTest {

    private static long t(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void minutesAreUtcMinutesHalfOpen() {
        assertEquals(t("2026-12-06T11:42:00Z"), Window.MINUTE.start(t("2026-12-06T11:42:59.999Z")));
        assertEquals(t("2026-12-06T11:43:00Z"), Window.MINUTE.start(t("2026-12-06T11:43:00Z")));
        assertEquals(t("2026-12-06T11:43:00Z"), Window.MINUTE.end(t("2026-12-06T11:42:00Z")));
    }

    @Test
    void daysStartAtUtcMidnight() {
        assertEquals(t("2026-12-06T00:00:00Z"), Window.DAY.start(t("2026-12-06T23:59:59.999Z")));
        assertEquals(t("2026-12-07T00:00:00Z"), Window.DAY.end(t("2026-12-06T00:00:00Z")));
    }

    @Test
    void monthsFollowTheCalendarLeapDaysIncluded() {
        assertEquals(t("2028-02-01T00:00:00Z"), Window.MONTH.start(t("2028-02-29T23:59:59Z")));
        assertEquals(t("2028-03-01T00:00:00Z"), Window.MONTH.end(t("2028-02-29T23:59:59Z")));
        assertEquals(t("2027-01-01T00:00:00Z"), Window.MONTH.end(t("2026-12-31T12:00:00Z")));
        assertEquals(t("2026-12-01T00:00:00Z"), Window.MONTH.start(t("2026-12-01T00:00:00Z")));
    }

    @Test
    void fixedWindowsCountFromTheAnchorAlsoBeforeIt() {
        Window week = Window.parse("P7D", Instant.parse("2026-01-05T00:00:00Z"));
        assertEquals(t("2026-11-30T00:00:00Z"), week.start(t("2026-12-06T11:00:00Z")));
        assertEquals(t("2026-12-07T00:00:00Z"), week.end(t("2026-12-06T11:00:00Z")));
        // before the anchor the floor still holds: the week before it
        assertEquals(t("2025-12-29T00:00:00Z"), week.start(t("2026-01-04T23:59:59Z")));
        Window sixHours = Window.parse("PT6H", Instant.EPOCH);
        assertEquals(t("2026-12-06T06:00:00Z"), sixHours.start(t("2026-12-06T11:59:00Z")));
        assertEquals(Duration.ofDays(14), ((Window.Fixed) Window.parse("P2W", Instant.EPOCH)).length());
    }

    @Test
    void periodsParseByName() {
        assertSame(Window.DAY, Window.parse("day", Instant.EPOCH));
        assertSame(Window.MONTH, Window.parse(" Month ", Instant.EPOCH));
        assertEquals("PT6H", Window.parse("pt6h", Instant.EPOCH).label());
    }

    @Test
    void monthsAndYearsAsDurationsAndOutOfRangeLengthsAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Window.parse("P1M", Instant.EPOCH))
                .getMessage().contains("use 'month'"));
        assertThrows(IllegalArgumentException.class, () -> Window.parse("P1Y", Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> Window.parse("PT30S", Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> Window.parse("P367D", Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> Window.parse("PT1.5M", Instant.EPOCH));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Window.parse("weekly", Instant.EPOCH))
                .getMessage().contains("ISO-8601"));
    }
}
