package io.llmrouter.core.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void windowDoublesUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), bound -> bound);
        assertEquals(100, b.delayMillis(0));
        assertEquals(200, b.delayMillis(1));
        assertEquals(1600, b.delayMillis(4));
        assertEquals(2000, b.delayMillis(5));
        assertEquals(2000, b.delayMillis(63));
        assertEquals(2000, b.delayMillis(Integer.MAX_VALUE));
    }

    @Test
    void fullJitterStartsAtZero() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), bound -> 0);
        assertEquals(0, b.delayMillis(3));
    }

    @Test
    void randomOutsideTheWindowIsClamped() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), bound -> bound * 10);
        assertEquals(400, b.delayMillis(2));
    }

    @Test
    void defaultStaysInsideTheWindow() {
        for (int i = 0; i < 1000; i++) {
            long d = Backoff.DEFAULT.delayMillis(i % 8);
            assertTrue(d >= 0 && d <= Backoff.DEFAULT.windowMillis(i % 8), "delay " + d);
        }
    }
}
