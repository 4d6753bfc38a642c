package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiResponseTest {

    private final ProtocolCodec codec = OpenAi.codec(new ConversionSettings(
            Clock.fixed(Instant.ofEpochSecond(1700000000), ZoneOffset.UTC),
            ConversionSettings.DEFAULT_ANTHROPIC_MAX_TOKENS));

    private ChatResponse decode(String json) {
        return codec.decodeResponse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textFixture() {
        ChatResponse r = codec.decodeResponse(Fixtures.bytes("openai/response_text.json"));
        assertEquals("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", r.id());
        assertEquals("gpt-5.4", r.model());
        assertEquals("Hello! How can I assist you today?", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(new TokenCounts(19, 10, 0, 0), r.usage());
    }

    @Test
    void imageInputFixture() {
        ChatResponse r = codec.decodeResponse(Fixtures.bytes("openai/response_image_input.json"));
        assertTrue(r.text().startsWith("The image shows a wooden boardwalk"));
        assertEquals(new TokenCounts(1117, 46), r.usage());
    }

    @Test
    void toolCallFixture() {
        ChatResponse r = codec.decodeResponse(Fixtures.bytes("openai/response_tool_call.json"));
        assertEquals(List.of(new ContentPart.ToolCall("call_abc123", "get_current_weather",
                "{\n\"location\": \"Boston, MA\"\n}")), r.content());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertEquals(new TokenCounts(82, 17), r.usage());
    }

    @Test
    void cachedAndReasoningTokensAndMissingUsage() {
        ChatResponse r = decode("""
                {"id":"x","model":"o3","choices":[{"message":{"role":"assistant","content":"ok"},"finish_reason":"length"}],
                 "usage":{"prompt_tokens":100,"completion_tokens":50,"prompt_tokens_details":{"cached_tokens":60},
                 "completion_tokens_details":{"reasoning_tokens":30}}}""");
        assertEquals(new TokenCounts(100, 50, 60, 30), r.usage());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertNull(decode("{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}")
                .usage());
    }

    @Test
    void refusalBecomesTextAndContentFilterIsKept() {
        ChatResponse r = decode("""
                {"id":"x","choices":[{"message":{"role":"assistant","content":null,"refusal":"I can't help."},
                 "finish_reason":"content_filter"}]}""");
        assertEquals("I can't help.", r.text());
        assertEquals(FinishReason.CONTENT_FILTER, r.finishReason());
    }

    @Test
    void stopWithToolCallsMeansToolCallsAndMissingIdsAreSynthesized() {
        String body = """
                {"id":"r1","choices":[{"message":{"tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]},
                 "finish_reason":"stop"}]}""";
        ChatResponse r = decode(body);
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertTrue(r.toolCalls().get(0).id().startsWith("call_"));
        assertEquals(r.toolCalls().get(0).id(), decode(body).toolCalls().get(0).id());
    }

    @Test
    void badUpstreamBodies() {
        RouterException e = assertThrows(RouterException.class, () -> decode("<html>oops</html>"));
        assertEquals(ErrorKind.BAD_GATEWAY, e.error().kind());
        RouterException e2 = assertThrows(RouterException.class,
                () -> decode("{\"error\":{\"message\":\"quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"));
        assertEquals(ErrorKind.QUOTA_EXHAUSTED, e2.error().kind());
    }

    @Test
    void encodeDecodeRoundTrip() {
        ChatRequest req = ChatRequest.builder().model("public").build();
        List<ChatResponse> samples = List.of(
                new ChatResponse("id1", "gpt-4o", List.of(new ContentPart.Text("Hello")), FinishReason.STOP,
                        new TokenCounts(10, 5, 4, 2)),
                new ChatResponse("id2", "gpt-4o", List.of(new ContentPart.Text("Checking."),
                        new ContentPart.ToolCall("call_1", "f", "{\"a\":1}"),
                        new ContentPart.ToolCall("call_2", "g", "{}")), FinishReason.TOOL_CALLS, null),
                new ChatResponse("id3", "gpt-4o", List.of(new ContentPart.Text("cut")), FinishReason.LENGTH,
                        new TokenCounts(1, 1)),
                new ChatResponse("id4", "gpt-4o", List.of(), FinishReason.CONTENT_FILTER, null));
        for (ChatResponse r : samples) {
            assertEquals(r, codec.decodeResponse(codec.encodeResponse(r, req)));
        }
    }

    @Test
    void encodedShape() {
        ChatResponse r = new ChatResponse("id2", null, List.of(new ContentPart.ToolCall("call_1", "f", "{}")),
                FinishReason.STOP, new TokenCounts(10, 5, 4, 2));
        JsonNode b = Json.parseObject(codec.encodeResponse(r, ChatRequest.builder().model("public").build()), "b");
        assertEquals("chat.completion", b.get("object").asText());
        assertEquals(1700000000L, b.get("created").asLong());
        assertEquals("public", b.get("model").asText());
        JsonNode choice = b.get("choices").get(0);
        assertTrue(choice.get("message").get("content").isNull());
        assertEquals("tool_calls", choice.get("finish_reason").asText());
        assertEquals("function", choice.get("message").get("tool_calls").get(0).get("type").asText());
        assertEquals(15, b.get("usage").get("total_tokens").asInt());
        assertEquals(4, b.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt());
        assertEquals(2, b.get("usage").get("completion_tokens_details").get("reasoning_tokens").asInt());
    }

    @Test
    void finishReasonTable() {
        assertEquals("stop", OpenAiFinishReasons.encode(FinishReason.STOP_SEQUENCE, false));
        assertEquals("stop", OpenAiFinishReasons.encode(FinishReason.ERROR, false));
        assertEquals("content_filter", OpenAiFinishReasons.encode(FinishReason.CONTENT_FILTER, false));
        assertEquals(FinishReason.LENGTH, OpenAiFinishReasons.decode("model_length", false));
        assertEquals(FinishReason.ERROR, OpenAiFinishReasons.decode("insufficient_system_resource", false));
        assertEquals(FinishReason.TOOL_CALLS, OpenAiFinishReasons.decode("function_call", false));
    }
}
