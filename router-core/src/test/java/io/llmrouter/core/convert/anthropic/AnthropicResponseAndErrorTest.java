package io.llmrouter.core.convert.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicResponseAndErrorTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.ANTHROPIC);

    @Test
    void textResponse() {
        ChatResponse r = codec.decodeResponse(Fixtures.bytes("anthropic/response_text.json"));
        assertEquals("msg_01LzoWDaDa7jiMvVbBiguxJy", r.id());
        assertEquals("claude-haiku-4-5-20251001", r.model());
        assertEquals("The weather in SF is currently **20°C** (68°F) and **Sunny**!", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(new TokenCounts(705, 25, 0, 0), r.usage());
    }

    @Test
    void longTextResponse() {
        ChatResponse r = codec.decodeResponse(Fixtures.bytes("anthropic/response_text_long.json"));
        assertTrue(r.text().startsWith("<summary>\n## Task Overview"));
        assertTrue(r.text().endsWith("</summary>"));
        assertEquals(new TokenCounts(324, 486), r.usage());
    }

    @Test
    void promptCacheReadsAndWritesCountAsInput() {
        // Recorded answers with a cached system prompt: Anthropic's input_tokens leaves out the tokens read from the
        // cache and those written to it; the IR's input counts all of them, the reads also as cached input, the writes
        // as cache writes.
        ChatResponse read = codec.decodeResponse(Fixtures.bytes("anthropic-extra/response_cache_read.json"));
        assertEquals(new TokenCounts(3 + 1111, 414, 1111, 0), read.usage());
        ChatResponse written = codec.decodeResponse(
                Fixtures.bytes("anthropic-extra/response_cache_write_and_read.json"));
        assertEquals(new TokenCounts(3 + 1111 + 418, 33, 1111, 0, 418), written.usage());
        assertEquals(FinishReason.STOP, written.finishReason());
    }

    @Test
    void toolUseResponses() {
        ChatResponse r = codec.decodeResponse(Fixtures.bytes("anthropic/response_tool_use.json"));
        assertEquals(List.of(new ContentPart.ToolCall("toolu_013DU6hV4C1M8dJ32ybQFAFi", "get_weather",
                "{\"location\":\"SF\",\"units\":\"c\"}")), r.content());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertEquals(new TokenCounts(597, 71), r.usage());

        ChatResponse both = codec.decodeResponse(Fixtures.bytes("anthropic/response_text_plus_tool_use.json"));
        assertEquals(new ContentPart.Text("Now let me check New York."), both.content().get(0));
        assertEquals(new ContentPart.ToolCall("toolu_01RWdcDdE8NAFDgZ8F9Xk2K7", "get_weather",
                "{\"location\":\"New York, NY\",\"units\":\"f\"}"), both.content().get(1));
        assertEquals(FinishReason.TOOL_CALLS, both.finishReason());
        assertEquals(new TokenCounts(834, 81), both.usage());
    }

    @Test
    void stopReasonsCacheUsageThinkingAndMissingUsage() {
        Map<String, FinishReason> table = Map.of("end_turn", FinishReason.STOP, "stop_sequence",
                FinishReason.STOP_SEQUENCE, "max_tokens", FinishReason.LENGTH, "tool_use", FinishReason.TOOL_CALLS,
                "pause_turn", FinishReason.STOP, "refusal", FinishReason.CONTENT_FILTER,
                "model_context_window_exceeded", FinishReason.LENGTH);
        table.forEach((stop, expected) -> assertEquals(expected, decode("""
                {"id":"m","model":"c","content":[{"type":"text","text":"x"}],"stop_reason":"%s"}
                """.formatted(stop)).finishReason(), stop));
        ChatResponse r = decode("""
                {"id":"m","model":"c","content":[{"type":"thinking","thinking":"hmm","signature":"s"},
                 {"type":"redacted_thinking","data":"x"},{"type":"text","text":"ok"}],"stop_reason":"end_turn",
                 "usage":{"input_tokens":10,"cache_read_input_tokens":100,"cache_creation_input_tokens":5,"output_tokens":7}}
                """);
        assertEquals(List.of(ContentPart.Reasoning.signed("hmm", "s", io.llmrouter.api.Protocol.ANTHROPIC),
                new ContentPart.Reasoning("", "x", true, io.llmrouter.api.Protocol.ANTHROPIC, null),
                new ContentPart.Text("ok")), r.content());
        assertEquals(new TokenCounts(115, 7, 100, 0, 5), r.usage());
        assertNull(decode("{\"id\":\"m\",\"content\":[],\"stop_reason\":\"end_turn\"}").usage());
        RouterException e = assertThrows(RouterException.class, () -> codec.decodeResponse("<html>".getBytes()));
        assertEquals(ErrorKind.BAD_GATEWAY, e.error().kind());
    }

    private ChatResponse decode(String json) {
        return codec.decodeResponse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void responseRoundTripsThroughIr() {
        for (String f : List.of("anthropic/response_text.json", "anthropic/response_text_long.json",
                "anthropic/response_tool_use.json", "anthropic/response_text_plus_tool_use.json")) {
            ChatResponse ir = codec.decodeResponse(Fixtures.bytes(f));
            assertEquals(ir, codec.decodeResponse(codec.encodeResponse(ir, null)), f);
        }
        ChatResponse cached = new ChatResponse("msg_1", "c", List.of(new ContentPart.Text("a"),
                new ContentPart.ToolCall("call_1", "f", "{\"a\":1}")), FinishReason.LENGTH, new TokenCounts(120, 9, 100, 0));
        assertEquals(cached, codec.decodeResponse(codec.encodeResponse(cached, null)));
    }

    @Test
    void encodedResponseShape() {
        ChatResponse ir = new ChatResponse(null, null, List.of(new ContentPart.Text(""),
                new ContentPart.ToolCall("call_1", "f", "{\"a\":")), FinishReason.STOP, null);
        JsonNode b = Json.tryParse(new String(codec.encodeResponse(ir, ChatRequest.builder().model("pub").build()),
                StandardCharsets.UTF_8));
        assertTrue(b.get("id").asText().startsWith("msg_"));
        assertEquals("message", b.get("type").asText());
        assertEquals("assistant", b.get("role").asText());
        assertEquals("pub", b.get("model").asText());
        assertEquals(1, b.get("content").size(), "empty text dropped");
        assertEquals("{\"a\":", b.get("content").get(0).get("input").get("_raw").asText());
        assertEquals("tool_use", b.get("stop_reason").asText(), "STOP with tool calls is tool_use");
        assertTrue(b.get("stop_sequence").isNull());
        assertEquals(0, b.get("usage").get("input_tokens").asInt());
        assertEquals(0, b.get("usage").get("output_tokens").asInt());
    }

    @Test
    void errorFixtures() {
        ApiError e400 = codec.decodeError(400, Fixtures.bytes("anthropic/error_400_invalid_request.json")).error();
        assertEquals(ErrorKind.INVALID_REQUEST, e400.kind());
        assertEquals(400, e400.status());
        assertEquals("invalid_request_error", e400.code());
        assertTrue(e400.message().contains("unexpected `tool_use_id`"));
        assertEquals("false", Json.tryParse(Fixtures.text("anthropic/error_400_invalid_request.headers.json"))
                .get("x-should-retry").asText(), "the recorded 400 says: do not retry");

        ApiError e429 = codec.decodeError(429, Fixtures.bytes("anthropic/error_429_rate_limit.json")).error();
        assertEquals(ErrorKind.RATE_LIMITED, e429.kind());
        assertEquals(429, e429.status());
        assertEquals("rate_limit_error", e429.code());
        assertTrue(e429.message().startsWith("This request would exceed your organization's rate limit"));
        assertEquals("true", Json.tryParse(Fixtures.text("anthropic/error_429_rate_limit.headers.json"))
                .get("x-should-retry").asText());

        ApiError e401 = codec.decodeError(401, Fixtures.bytes("constructed/anthropic/error_401_authentication.json")).error();
        assertEquals(ErrorKind.AUTHENTICATION, e401.kind());
        assertEquals("invalid x-api-key", e401.message());

        ApiError e529 = codec.decodeError(529, Fixtures.bytes("constructed/anthropic/error_529_overloaded.json")).error();
        assertEquals(ErrorKind.UNAVAILABLE, e529.kind());
        assertEquals(529, e529.status());
        assertEquals("Overloaded", e529.message());
        ApiError observed = codec.decodeError(529, Fixtures.bytes("observed/anthropic_error_529_overloaded.json")).error();
        assertEquals(ErrorKind.UNAVAILABLE, observed.kind());
        assertEquals("The API is temporarily overloaded.", observed.message());
    }

    @Test
    void decodeErrorNeverThrows() {
        assertEquals(ErrorKind.UNAVAILABLE, codec.decodeError(503, null).error().kind());
        assertEquals(ErrorKind.INTERNAL, codec.decodeError(500, new byte[0]).error().kind());
        assertEquals(ErrorKind.BAD_GATEWAY, codec.decodeError(502, "<html>bad gateway</html>".getBytes()).error().kind());
        assertEquals(ErrorKind.UNAVAILABLE, codec.decodeError(529, "[1,2]".getBytes()).error().kind());
        assertEquals(ErrorKind.NOT_FOUND, codec.decodeError(404, "{\"error\":\"nope\"}".getBytes()).error().kind());
        assertEquals(ErrorKind.REQUEST_TOO_LARGE, codec.decodeError(413,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"big\"}}".getBytes()).error().kind());
        assertEquals(ErrorKind.QUOTA_EXHAUSTED, codec.decodeError(429, ("{\"type\":\"error\",\"error\":{\"type\":"
                + "\"rate_limit_error\",\"message\":\"spend\",\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}}")
                .getBytes()).error().kind());
        assertEquals(ErrorKind.QUOTA_EXHAUSTED, codec.decodeError(402,
                "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"pay\"}}".getBytes()).error().kind());
        ApiError secret = codec.decodeError(401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"bad key sk-ant-api03-abcdefghijkl\"}}"
                        .getBytes()).error();
        assertFalse(secret.message().contains("abcdefghijkl"), secret.message());
    }

    @Test
    void encodeErrorStatusAndTypeTable() {
        Object[][] table = {
            {ErrorKind.INVALID_REQUEST, 400, "invalid_request_error"},
            {ErrorKind.AUTHENTICATION, 401, "authentication_error"},
            {ErrorKind.QUOTA_EXHAUSTED, 402, "billing_error"},
            {ErrorKind.PERMISSION, 403, "permission_error"},
            {ErrorKind.NOT_FOUND, 404, "not_found_error"},
            {ErrorKind.REQUEST_TOO_LARGE, 413, "request_too_large"},
            {ErrorKind.UNPROCESSABLE, 422, "invalid_request_error"},
            {ErrorKind.RATE_LIMITED, 429, "rate_limit_error"},
            {ErrorKind.INTERNAL, 500, "api_error"},
            {ErrorKind.BAD_GATEWAY, 502, "api_error"},
            {ErrorKind.UNAVAILABLE, 529, "overloaded_error"},
            {ErrorKind.TIMEOUT, 504, "timeout_error"},
        };
        for (Object[] row : table) {
            EncodedError e = codec.encodeError(ApiError.of((ErrorKind) row[0], "msg"));
            assertEquals(row[1], e.status(), row[0].toString());
            assertEquals("application/json", e.contentType());
            JsonNode b = Json.tryParse(new String(e.body(), StandardCharsets.UTF_8));
            assertEquals("error", b.get("type").asText());
            assertEquals(row[2], b.get("error").get("type").asText());
            assertEquals("msg", b.get("error").get("message").asText());
            ApiError back = codec.decodeError(e.status(), e.body()).error();
            assertEquals(row[0], back.kind(), "decode(encode(kind)) for " + row[0]);
        }
    }
}
