package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiErrorsTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.OPENAI);

    private ApiError decode(int status, String body) {
        return codec.decodeError(status, body.getBytes(StandardCharsets.UTF_8)).error();
    }

    @Test
    void fixtures() {
        ApiError auth = codec.decodeError(401, Fixtures.bytes("constructed/openai/error_401_invalid_api_key.json")).error();
        assertEquals(ErrorKind.AUTHENTICATION, auth.kind());
        assertEquals(401, auth.status());
        assertEquals("invalid_api_key", auth.code());
        assertTrue(auth.message().startsWith("Incorrect API key provided"));
        assertFalse(auth.message().contains("sk-proj-****1234"), auth.message());
        ApiError rate = codec.decodeError(429, Fixtures.bytes("constructed/openai/error_429_rate_limit.json")).error();
        assertEquals(ErrorKind.RATE_LIMITED, rate.kind());
        assertEquals("rate_limit_exceeded", rate.code());
    }

    @Test
    void providerCodesBeatTheStatus() {
        assertEquals(ErrorKind.QUOTA_EXHAUSTED, decode(429,
                "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}").kind());
        assertEquals(ErrorKind.NOT_FOUND, decode(404,
                "{\"error\":{\"message\":\"The model `x` does not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}").kind());
        assertEquals(ErrorKind.QUOTA_EXHAUSTED, decode(429, "{\"error\":{\"code\":\"1113\",\"message\":\"arrears\"}}").kind());
        assertEquals(ErrorKind.RATE_LIMITED, decode(429, "{\"error\":{\"code\":\"1302\",\"message\":\"busy\"}}").kind());
        ApiError mistral = decode(400, "{\"object\":\"error\",\"message\":\"bad id\",\"type\":\"invalid_request_error\",\"code\":3230}");
        assertEquals(ErrorKind.INVALID_REQUEST, mistral.kind());
        assertEquals("bad id", mistral.message());
        assertEquals("3230", mistral.code());
        assertEquals(ErrorKind.UNAVAILABLE, decode(529, "").kind());
        assertEquals(ErrorKind.UNAVAILABLE, decode(503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}").kind());
    }

    @Test
    void anyBodyIsAccepted() {
        for (String body : new String[] {"", "<html><body>502 Bad Gateway</body></html>", "null", "[]", "\"x\"",
            "{\"error\":\"plain string\"}", "{\"error\":{}}", "[{\"error\":{\"message\":\"m\",\"code\":429}}]", "{"}) {
            ApiError e = decode(502, body);
            assertEquals(502, e.status());
            assertFalse(e.message().isBlank());
        }
        assertEquals(ErrorKind.INTERNAL, codec.decodeError(500, null).error().kind());
    }

    private static JsonNode body(EncodedError e) {
        return Json.parseObject(e.body(), "error").get("error");
    }

    @Test
    void encodeStatusesAndShapes() {
        check(ApiError.of(ErrorKind.INVALID_REQUEST, "bad"), 400, "invalid_request_error", null);
        check(ApiError.of(ErrorKind.AUTHENTICATION, "who"), 401, "invalid_request_error", "invalid_api_key");
        check(ApiError.of(ErrorKind.NOT_FOUND, "nope"), 404, "invalid_request_error", "model_not_found");
        check(ApiError.of(ErrorKind.RATE_LIMITED, "slow"), 429, "requests", "rate_limit_exceeded");
        check(ApiError.of(ErrorKind.QUOTA_EXHAUSTED, "pay"), 429, "insufficient_quota", "insufficient_quota");
        check(new ApiError(ErrorKind.UNAVAILABLE, 529, "Overloaded", "overloaded_error"), 503, "server_error",
                "overloaded");
        check(ApiError.of(ErrorKind.INTERNAL, "boom"), 500, "server_error", null);
        check(ApiError.of(ErrorKind.TIMEOUT, "slow"), 504, "server_error", "timeout");
        check(new ApiError(ErrorKind.INVALID_REQUEST, 400, "too long", "context_length_exceeded"), 400,
                "invalid_request_error", "context_length_exceeded");
        check(new ApiError(ErrorKind.UNPROCESSABLE, 422, "bad tool", null), 422, "invalid_request_error", null);
        EncodedError e = codec.encodeError(ApiError.of(ErrorKind.AUTHENTICATION, "key sk-abcdefghijkl is wrong"));
        assertEquals("application/json", e.contentType());
        assertFalse(body(e).get("message").asText().contains("abcdefghijkl"));
        assertTrue(body(e).has("param"));
    }

    private void check(ApiError error, int status, String type, String code) {
        EncodedError e = codec.encodeError(error);
        assertEquals(status, e.status(), error.toString());
        JsonNode b = body(e);
        assertEquals(type, b.get("type").asText());
        assertEquals(code, b.get("code").isNull() ? null : b.get("code").asText());
        assertEquals(error.message(), b.get("message").asText());
        assertEquals(error.kind(), codec.decodeError(e.status(), e.body()).error().kind(), "encode/decode keeps the kind");
    }
}
