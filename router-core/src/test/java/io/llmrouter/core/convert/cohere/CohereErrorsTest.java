package io.llmrouter.core.convert.cohere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CohereErrorsTest {

    private final ProtocolCodec v1 = Codecs.defaults().of(Protocol.COHERE);
    private final ProtocolCodec v2 = Codecs.defaults().of(Protocol.COHERE_V2);

    @Test
    void trialKeyMonthlyCapIsQuotaNotRateLimit() {
        ApiError quota = v1.decodeError(429, Fixtures.bytes("observed/cohere_error_429_trial_key.json")).error();
        assertEquals(ErrorKind.QUOTA_EXHAUSTED, quota.kind());
        assertEquals(429, quota.status());
        assertEquals("You are using a Trial key, which is limited to 1000 API calls / month.", quota.message());
        assertNull(quota.code());
        ApiError rate = v2.decodeError(429, Fixtures.bytes("constructed/cohere/error_429_rate_limit.json")).error();
        assertEquals(ErrorKind.RATE_LIMITED, rate.kind());
        assertEquals("You are past the per minute request limit, please wait and try again later.", rate.message());
    }

    @Test
    void statusesMapToKinds() {
        byte[] auth = Fixtures.bytes("constructed/cohere/error_401_invalid_token.json");
        assertEquals(ErrorKind.AUTHENTICATION, v1.decodeError(401, auth).error().kind());
        assertEquals("invalid api token", v1.decodeError(401, auth).error().message());
        assertEquals(ErrorKind.AUTHENTICATION, v1.decodeError(498, auth).error().kind());
        assertEquals(ErrorKind.INVALID_REQUEST, v1.decodeError(499, body("cancelled")).error().kind());
        assertEquals(ErrorKind.UNPROCESSABLE, v2.decodeError(422, body("invalid tool generation")).error().kind());
        assertEquals(ErrorKind.PERMISSION, v2.decodeError(403, body("x")).error().kind());
        assertEquals(ErrorKind.NOT_FOUND, v2.decodeError(404, body("model not found")).error().kind());
        assertEquals(ErrorKind.UNAVAILABLE, v2.decodeError(503, body("x")).error().kind());
        assertEquals(ErrorKind.TIMEOUT, v2.decodeError(504, body("x")).error().kind());
        assertEquals(ErrorKind.INTERNAL, v2.decodeError(501, body("x")).error().kind());
    }

    @Test
    void anyBodyIsAccepted() {
        for (byte[] b : new byte[][] {null, new byte[0], "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8),
            "[1,2]".getBytes(StandardCharsets.UTF_8), "{\"message\":5}".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xff, (byte) 0xfe}}) {
            ApiError e = v1.decodeError(502, b).error();
            assertEquals(ErrorKind.BAD_GATEWAY, e.kind());
            assertFalse(e.message().isBlank());
        }
        assertEquals("<html>502 Bad Gateway</html>",
                v1.decodeError(502, "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)).error().message());
    }

    @Test
    void encodesIdAndMessageWithKindStatus() throws IOException {
        EncodedError e = v2.encodeError(ApiError.of(ErrorKind.UNAVAILABLE, "overloaded"));
        assertEquals(503, e.status());
        assertEquals("application/json", e.contentType());
        JsonNode b = Json.MAPPER.readTree(e.body());
        assertEquals(2, b.size());
        assertEquals("overloaded", b.get("message").asText());
        UUID.fromString(b.get("id").asText());
        assertEquals(429, v1.encodeError(ApiError.of(ErrorKind.QUOTA_EXHAUSTED, "q")).status());
        assertEquals(401, v1.encodeError(new ApiError(ErrorKind.AUTHENTICATION, 498, "bad", null)).status());
        assertEquals(400, v1.encodeError(ApiError.of(ErrorKind.INVALID_REQUEST, "bad")).status());
        assertEquals(422, v1.encodeError(ApiError.of(ErrorKind.UNPROCESSABLE, "bad")).status());
    }

    private static byte[] body(String message) {
        return ("{\"id\":\"00000000-0000-0000-0000-000000000000\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
