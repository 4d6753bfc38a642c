package io.llmrouter.core.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What of an upstream error reaches the caller and the log (docs/operations.md, "Upstream errors"). */
class UpstreamErrorsTest {

    @Test
    void theCallersOwnErrorKeepsItsMessageMaskedAndBounded() {
        ApiError upstream = new ApiError(ErrorKind.INVALID_REQUEST, 400,
                "max_tokens is too large for key sk-proj-****abcd " + "and more ".repeat(200), "invalid_request_error");
        ApiError relayed = UpstreamErrors.relayed(upstream, null);
        assertEquals(ErrorKind.INVALID_REQUEST, relayed.kind());
        assertEquals(400, relayed.status());
        assertEquals("invalid_request_error", relayed.code());
        assertTrue(relayed.message().startsWith("max_tokens is too large for key [redacted] and more"),
                relayed.message());
        assertEquals(UpstreamErrors.MAX_MESSAGE + 3, relayed.message().length());
        assertTrue(relayed.message().endsWith("..."));
    }

    @Test
    void aFailureThatIsNotTheCallersNamesOnlyStatusAndCode() {
        ApiError upstream = new ApiError(ErrorKind.AUTHENTICATION, 401,
                "Incorrect API key provided: up-op****abcd", "invalid_api_key");
        ApiError withheld = UpstreamErrors.withheld(upstream, "openai-main", 401);
        assertEquals("upstream openai-main answered 401 (invalid_api_key)", withheld.message());
        assertEquals("invalid_api_key", withheld.code());
        assertEquals(ErrorKind.AUTHENTICATION, withheld.kind());
        assertEquals("upstream x answered 503",
                UpstreamErrors.withheld(new ApiError(null, 503, "busy", null), "x", 503).message());
    }

    @Test
    void aCodeTravelsOnlyWhenItLooksLikeOne() {
        assertEquals("API_KEY_INVALID", UpstreamErrors.code("API_KEY_INVALID"));
        assertEquals("1113", UpstreamErrors.code("1113"));
        assertNull(UpstreamErrors.code("key sk-abc is wrong"));
        assertNull(UpstreamErrors.code("x".repeat(UpstreamErrors.MAX_CODE + 1)));
        assertEquals("upstream x answered 500",
                UpstreamErrors.withheld(new ApiError(null, 500, "m", "<script>"), "x", 500).message());
    }

    @Test
    void anErrorInsideAStreamIsRelayedOnlyWhenItIsAboutTheRequest() {
        assertEquals("the upstream reported an error mid-stream (overloaded_error)", UpstreamErrors.inStream(
                new ApiError(ErrorKind.UNAVAILABLE, 529, "Overloaded on node 7", "overloaded_error")).message());
        assertEquals("content filtered for key [redacted]", UpstreamErrors.inStream(
                new ApiError(ErrorKind.INVALID_REQUEST, 400, "content filtered for key sk-abcdefgh1234", null))
                .message());
    }

    @Test
    void theLoggedBodyIsOneRedactedBoundedLine() {
        byte[] body = ("{\"error\":\n{\"message\":\"Incorrect API key provided: up-op****abcd\"}}\r\n"
                + "and more ".repeat(500)).getBytes(StandardCharsets.UTF_8);
        String line = UpstreamErrors.logged(body, null);
        assertTrue(line.startsWith("{\"error\": {\"message\":\"Incorrect API key provided: [redacted]\"}} and more"), line);
        assertEquals(UpstreamErrors.MAX_LOGGED + 3, line.length());
        assertEquals("(empty body)", UpstreamErrors.logged(new byte[0], null));
        assertEquals("forged [redacted] line", UpstreamErrors.logged(
                "forged\nupstream-key-1234 line".getBytes(StandardCharsets.UTF_8), "upstream-key-1234"));
    }
}
