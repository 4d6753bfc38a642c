package io.llmrouter.api.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void shortValuesAreEchoedAsSent() {
        assertEquals("gpt-4o-mini", Echo.of("gpt-4o-mini"));
        assertEquals("null", Echo.of(null));
        assertEquals("", Echo.of(""));
    }

    @Test
    void longValuesAreCutAndMarked() {
        String echoed = Echo.of("m".repeat(1_000_000));
        assertEquals("m".repeat(Echo.DEFAULT_MAX) + "...", echoed);
        assertEquals("abcd...", Echo.of("abcdefgh", 4));
    }

    @Test
    void controlCharactersAndHalfSurrogatesDoNotSurvive() {
        assertEquals("a?b?c", Echo.of("a\nb\u0000c"));
        // An emoji is two chars; a cut in its middle would leave half of it.
        String echoed = Echo.of("abc\uD83D\uDE00", 4);
        assertEquals("abc...", echoed);
        assertTrue(echoed.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }
}
