package io.llmrouter.core.convert.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicRequestEncoderTest {

    private static final Key KEY = new Key(Protocol.ANTHROPIC, "https://api.anthropic.com", "sk-ant-secret");
    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.ANTHROPIC);

    private JsonNode body(ChatRequest r) {
        return Json.tryParse(new String(codec.encodeRequest(r, "claude-x", KEY).body(), StandardCharsets.UTF_8));
    }

    private static ChatRequest.Builder base(Message... messages) {
        return ChatRequest.builder().model("public").messages(List.of(messages));
    }

    @Test
    void urlHeadersAndDefaults() {
        UpstreamRequest up = codec.encodeRequest(base(Message.text(Role.USER, "hi")).build(), "claude-x", KEY);
        assertEquals("https://api.anthropic.com/v1/messages", up.url());
        assertEquals("sk-ant-secret", up.headers().get("x-api-key"));
        assertEquals("2023-06-01", up.headers().get("anthropic-version"));
        assertEquals("application/json", up.headers().get("content-type"));
        assertFalse(up.stream());
        JsonNode b = body(base(Message.text(Role.USER, "hi")).build());
        assertEquals("claude-x", b.get("model").asText());
        assertEquals(ConversionSettings.DEFAULT_ANTHROPIC_MAX_TOKENS, b.get("max_tokens").asInt());
        assertFalse(b.has("stream"));
        ProtocolCodec limited = Anthropic.codec(new ConversionSettings(Clock.systemUTC(), 123));
        assertEquals(123, Json.tryParse(new String(limited.encodeRequest(base(Message.text(Role.USER, "hi")).build(),
                "m", KEY).body(), StandardCharsets.UTF_8)).get("max_tokens").asInt());
        UpstreamRequest proxied = codec.encodeRequest(base(Message.text(Role.USER, "hi")).build(), "m",
                new Key(Protocol.ANTHROPIC, "https://api.deepseek.com/anthropic/", "k"));
        assertEquals("https://api.deepseek.com/anthropic/messages", proxied.url());
    }

    @Test
    void parametersToolChoiceAndDroppedFields() {
        JsonNode b = body(base(Message.text(Role.USER, "hi")).system("be brief").maxTokens(50).temperature(1.7)
                .topP(0.5).topK(3).stop(List.of("END")).seed(7L).presencePenalty(0.1).stream(true)
                .tools(List.of(new ToolDefinition("f", "does f", null))).toolChoice(ToolChoice.REQUIRED)
                .parallelToolCalls(false).build());
        assertEquals("be brief", b.get("system").asText());
        assertEquals(50, b.get("max_tokens").asInt());
        assertEquals(1.0, b.get("temperature").asDouble(), "clamped to Anthropic's 0..1");
        assertEquals(0.5, b.get("top_p").asDouble());
        assertEquals(3, b.get("top_k").asInt());
        assertEquals("END", b.get("stop_sequences").get(0).asText());
        assertFalse(b.has("seed") || b.has("presence_penalty"));
        assertTrue(b.get("stream").asBoolean());
        assertEquals("object", b.get("tools").get(0).get("input_schema").get("type").asText());
        assertEquals("does f", b.get("tools").get(0).get("description").asText());
        assertEquals("any", b.get("tool_choice").get("type").asText());
        assertTrue(b.get("tool_choice").get("disable_parallel_tool_use").asBoolean());

        JsonNode named = body(base(Message.text(Role.USER, "hi")).tools(List.of(new ToolDefinition("f", null, null)))
                .toolChoice(ToolChoice.named("f")).build());
        assertEquals("tool", named.get("tool_choice").get("type").asText());
        assertEquals("f", named.get("tool_choice").get("name").asText());
        assertFalse(named.get("tools").get(0).has("description"));
        assertFalse(body(base(Message.text(Role.USER, "hi")).toolChoice(ToolChoice.AUTO).build()).has("tool_choice"),
                "tool_choice without tools is dropped");
    }

    @Test
    void toolMessagesBecomeOneUserTurnAfterToolUseWithFollowingUserTextMerged() {
        JsonNode b = body(base(
                Message.text(Role.USER, "weather in Paris and Rome?"),
                new Message(Role.ASSISTANT, List.of(new ContentPart.Text("checking"),
                        new ContentPart.ToolCall("call_1", "w", "{\"city\":\"Paris\"}"),
                        new ContentPart.ToolCall("call.2", "w", "{\"city\":\"Rome\""))),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_1", "w", "21C", false))),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call.2", "w", "boom", true))),
                Message.text(Role.USER, "thanks, and tomorrow?"),
                Message.text(Role.USER, "also Oslo")).build());
        JsonNode msgs = b.get("messages");
        assertEquals(3, msgs.size());
        assertEquals("assistant", msgs.get(1).get("role").asText());
        JsonNode calls = msgs.get(1).get("content");
        assertEquals("Paris", calls.get(1).get("input").get("city").asText());
        assertEquals("call_2", calls.get(2).get("id").asText(), "ids sanitized to Anthropic's pattern");
        assertEquals("{\"city\":\"Rome\"", calls.get(2).get("input").get("_raw").asText(), "unparseable args wrapped");
        JsonNode user = msgs.get(2);
        assertEquals("user", user.get("role").asText());
        JsonNode c = user.get("content");
        assertEquals(4, c.size());
        assertEquals("tool_result", c.get(0).get("type").asText());
        assertEquals("call_1", c.get(0).get("tool_use_id").asText());
        assertEquals("21C", c.get(0).get("content").asText());
        assertFalse(c.get(0).has("is_error"));
        assertEquals("call_2", c.get(1).get("tool_use_id").asText());
        assertTrue(c.get(1).get("is_error").asBoolean());
        assertEquals("thanks, and tomorrow?", c.get(2).get("text").asText());
        assertEquals("also Oslo", c.get(3).get("text").asText());
    }

    @Test
    void toolResultsComeFirstEvenIfUserTextPrecedesThem() {
        JsonNode msgs = body(base(Message.text(Role.USER, "q"),
                new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("a", "f", ""))),
                Message.text(Role.USER, "hurry"),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("a", "f", "ok", false)))).build())
                .get("messages");
        assertEquals("{}", Json.text(msgs.get(1).get("content").get(0).get("input")), "blank arguments → {}");
        JsonNode c = msgs.get(2).get("content");
        assertEquals("tool_result", c.get(0).get("type").asText());
        assertEquals("hurry", c.get(1).get("text").asText());
    }

    @Test
    void leadingAssistantTurnGetsPlaceholderUserTurnAndEmptyTextIsDropped() {
        JsonNode msgs = body(base(Message.text(Role.ASSISTANT, "Hello, how can I help?"),
                new Message(Role.USER, List.of(new ContentPart.Text(""), new ContentPart.Text("hi")))).build())
                .get("messages");
        assertEquals(3, msgs.size());
        assertEquals("user", msgs.get(0).get("role").asText());
        assertEquals(AnthropicRequestEncoder.LEADING_USER_PLACEHOLDER,
                msgs.get(0).get("content").get(0).get("text").asText());
        assertEquals(1, msgs.get(2).get("content").size());
    }

    @Test
    void imagesUrlBase64AndUnsupportedMediaType() {
        JsonNode c = body(base(new Message(Role.USER, List.of(ContentPart.Image.ofUrl("https://x/cat.jpg"),
                ContentPart.Image.ofBase64("image/png", "AAAA"), ContentPart.Image.ofUrl("data:image/webp;base64,BBBB"))))
                .build()).get("messages").get(0).get("content");
        assertEquals("url", c.get(0).get("source").get("type").asText());
        assertEquals("https://x/cat.jpg", c.get(0).get("source").get("url").asText());
        assertEquals("base64", c.get(1).get("source").get("type").asText());
        assertEquals("image/png", c.get(1).get("source").get("media_type").asText());
        assertEquals("AAAA", c.get(1).get("source").get("data").asText());
        assertEquals("image/webp", c.get(2).get("source").get("media_type").asText());
        RouterException e = assertThrows(RouterException.class, () -> body(base(new Message(Role.USER,
                List.of(ContentPart.Image.ofBase64("image/bmp", "AAAA")))).build()));
        assertEquals(400, e.error().status());
        assertTrue(e.getMessage().contains("image/bmp"));
    }

    @Test
    void requestRoundTripsThroughIr() {
        for (String f : List.of("anthropic/request_tools.json", "anthropic/request_tool_result.json",
                "anthropic/request_stream_tools.json", "anthropic/request_stream_tool_result.json",
                "anthropic/request_text_consecutive_user_turns.json", "anthropic/request_orphan_tool_result.json",
                "constructed/anthropic/request_full_system_image_tool_choice.json")) {
            ChatRequest ir = codec.decodeRequest(Fixtures.bytes(f), InboundContext.BODY_ONLY);
            byte[] encoded = codec.encodeRequest(ir, ir.model(), KEY).body();
            ChatRequest again = codec.decodeRequest(encoded, InboundContext.BODY_ONLY);
            // Anthropic merges consecutive user turns; the encoder does it up front.
            ChatRequest expected = f.contains("consecutive") ? ir.toBuilder().messages(List.of(new Message(Role.USER,
                    List.of(ir.messages().get(0).content().get(0), ir.messages().get(1).content().get(0))))).build()
                    : ir;
            if (f.contains("orphan")) {
                // The user text and the orphan result share one user turn, where results must come first.
                expected = ir.toBuilder().messages(List.of(ir.messages().get(1), ir.messages().get(0))).build();
            }
            assertEquals(expected, again, f);
        }
    }

    @Test
    void passthroughKeepsUnknownFieldsAndReplacesModel() {
        byte[] client = Fixtures.bytes("constructed/anthropic/request_full_system_image_tool_choice.json");
        ChatRequest decoded = codec.decodeRequest(client, InboundContext.BODY_ONLY);
        UpstreamRequest up = codec.passthroughRequest(client, decoded, "claude-upstream", KEY);
        JsonNode b = Json.tryParse(new String(up.body(), StandardCharsets.UTF_8));
        assertEquals("claude-upstream", b.get("model").asText());
        assertEquals("user-123", b.get("metadata").get("user_id").asText());
        assertFalse(b.get("tool_choice").get("disable_parallel_tool_use").asBoolean());
        assertTrue(up.stream());
        assertEquals("https://api.anthropic.com/v1/messages", up.url());
        assertEquals("sk-ant-secret", up.headers().get("x-api-key"));
    }
}
