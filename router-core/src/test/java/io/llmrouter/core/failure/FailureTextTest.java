package io.llmrouter.core.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureTextTest {

    @Test
    void namesEveryCauseWithItsMessageOutermostFirst() {
        // What the Quarkus REST client makes of a pooled connection closed under a request.
        Throwable t = new IllegalStateException("attempt failed",
                new RuntimeException(new IOException("Connection was closed")));
        assertEquals("IllegalStateException: attempt failed <- RuntimeException <- IOException: Connection was closed",
                FailureText.describe(t));
    }

    @Test
    void aMessageOfItsOwnIsKeptEvenWhenItHasACause() {
        Throwable t = new IllegalStateException("read failed", new TimeoutException("no data for 60000 ms"));
        assertEquals("IllegalStateException: read failed <- TimeoutException: no data for 60000 ms",
                FailureText.describe(t));
    }

    @Test
    void queryStringsAndUserInfoAreRedacted() {
        String text = FailureText.describe(new ConnectException("failed: POST "
                + "https://bob:hunter2@llm.internal:8443/v1/models/x:generateContent?key=AIzaSECRET&alt=sse"));
        assertFalse(text.contains("hunter2"), text);
        assertFalse(text.contains("AIzaSECRET"), text);
        assertEquals("ConnectException: failed: POST https://...@llm.internal:8443/v1/models/x:generateContent?...",
                text);
    }

    @Test
    void noMessageGivesTheClassAlone() {
        assertEquals("TimeoutException", FailureText.describe(new TimeoutException()));
    }

    @Test
    void deepAndLongChainsAreBounded() {
        Throwable t = new IOException("x".repeat(2_000));
        for (int i = 0; i < 50; i++) {
            t = new IllegalStateException("level " + i, t);
        }
        String text = FailureText.describe(t);
        assertTrue(text.length() <= 603, "length " + text.length());
        assertTrue(text.startsWith("IllegalStateException: level 49 <- IllegalStateException: level 48"), text);
        assertEquals(5, text.split(" <- ").length - 1, text);
    }
}
