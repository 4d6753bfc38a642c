package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiRequestEncoderTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.OPENAI);
    private final Key key = new Key(Protocol.OPENAI, "https://api.openai.com", "sk-test");

    private static JsonNode body(UpstreamRequest r) {
        return Json.parseObject(r.body(), "body");
    }

    @Test
    void richRequestRoundTripsThroughTheWireFormat() {
        for (boolean stream : new boolean[] {false, true}) {
            ChatRequest ir = OpenAiSamples.rich(stream);
            UpstreamRequest up = codec.encodeRequest(ir, "gpt-4o", key);
            ChatRequest back = codec.decodeRequest(up.body(), InboundContext.BODY_ONLY);
            assertEquals(ir, back);
            assertEquals(stream, up.stream());
        }
    }

    @Test
    void compatibleUpstreamsGetMaxTokensAndOpenAiItselfMaxCompletionTokens() {
        for (String base : new String[] {"https://api.groq.com/openai/v1", "https://api.deepseek.com",
                "https://api.openai.com.example.org", "http://127.0.0.1:8080"}) {
            JsonNode b = body(codec.encodeRequest(OpenAiSamples.rich(false), "m", new Key(Protocol.OPENAI, base, "k")));
            assertEquals(256, b.get("max_tokens").asInt(), base);
            assertFalse(b.has("max_completion_tokens"), base);
        }
        for (String base : new String[] {"https://api.openai.com", "https://API.openai.com/v1/",
                " https://api.openai.com/v1"}) {
            JsonNode b = body(codec.encodeRequest(OpenAiSamples.rich(false), "m", new Key(Protocol.OPENAI, base, "k")));
            assertEquals(256, b.get("max_completion_tokens").asInt(), base);
            assertFalse(b.has("max_tokens"), base);
        }
    }

    @Test
    void urlHeadersAndLimits() {
        UpstreamRequest up = codec.encodeRequest(OpenAiSamples.rich(true), "gpt-4o-mini", key);
        assertEquals("https://api.openai.com/v1/chat/completions", up.url());
        assertEquals("Bearer sk-test", up.headers().get("Authorization"));
        assertEquals("application/json", up.headers().get("Content-Type"));
        JsonNode b = body(up);
        assertEquals("gpt-4o-mini", b.get("model").asText());
        // OpenAI itself: max_completion_tokens, the only name its reasoning models (o-series, gpt-5) accept.
        assertEquals(256, b.get("max_completion_tokens").asInt());
        assertFalse(b.has("max_tokens"));
        assertTrue(b.get("stream_options").get("include_usage").asBoolean());
        assertEquals("system", b.get("messages").get(0).get("role").asText());
        assertEquals("data:image/png;base64,iVBORw0KGgo=",
                b.get("messages").get(1).get("content").get(2).get("image_url").get("url").asText());
        assertEquals("get_weather", b.get("tool_choice").get("function").get("name").asText());
        assertTrue(b.get("messages").get(2).get("tool_calls").isArray());
        assertEquals("tool", b.get("messages").get(3).get("role").asText());
        assertEquals("call_2", b.get("messages").get(4).get("tool_call_id").asText());
    }

    @Test
    void pathBaseUrlIsUsedAsGiven() {
        Key groq = new Key(Protocol.OPENAI, "https://api.groq.com/openai/v1/", "k");
        assertEquals("https://api.groq.com/openai/v1/chat/completions",
                codec.encodeRequest(OpenAiSamples.rich(false), "llama", groq).url());
    }

    @Test
    void streamAlwaysAsksForUsageEvenWhenTheClientDidNot() {
        ChatRequest ir = OpenAiSamples.rich(true).toBuilder().includeUsage(false).build();
        assertTrue(body(codec.encodeRequest(ir, "m", key)).get("stream_options").get("include_usage").asBoolean());
    }

    @Test
    void toolChoiceAndParallelOnlyWithTools() {
        ChatRequest ir = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "hi")))
                .toolChoice(ToolChoice.AUTO).parallelToolCalls(true).topK(5).build();
        JsonNode b = body(codec.encodeRequest(ir, "m", key));
        assertFalse(b.has("tool_choice"));
        assertFalse(b.has("parallel_tool_calls"));
        assertFalse(b.has("top_k"));
        assertFalse(b.has("stream"));
        assertEquals("hi", b.get("messages").get(0).get("content").asText());
    }

    @Test
    void assistantWithOnlyToolCallsHasNullContentAndToolTurnTextFollowsAsUser() {
        ChatRequest ir = ChatRequest.builder().model("m").messages(List.of(
                Message.text(Role.USER, "q"),
                new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("c", "f", "{}"))),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c", "f", "r", true),
                        new ContentPart.Text("and also this"))))).build();
        JsonNode msgs = body(codec.encodeRequest(ir, "m", key)).get("messages");
        assertTrue(msgs.get(1).get("content").isNull());
        assertEquals("tool", msgs.get(2).get("role").asText());
        assertEquals("user", msgs.get(3).get("role").asText());
        assertEquals("and also this", msgs.get(3).get("content").asText());
    }

    @Test
    void passthroughKeepsUnknownFieldsAndSwitchesUsageOn() {
        String client = """
                {"model":"public","messages":[{"role":"user","content":"hi"}],"stream":true,
                 "stream_options":{"include_obfuscation":false},"logit_bias":{"50256":-100},"x_vendor":{"a":1}}""";
        byte[] bytes = client.getBytes(StandardCharsets.UTF_8);
        ChatRequest decoded = codec.decodeRequest(bytes, InboundContext.BODY_ONLY);
        UpstreamRequest up = codec.passthroughRequest(bytes, decoded, "gpt-4o", key);
        JsonNode b = body(up);
        assertEquals("gpt-4o", b.get("model").asText());
        assertEquals(1, b.get("x_vendor").get("a").asInt());
        assertEquals(-100, b.get("logit_bias").get("50256").asInt());
        assertTrue(b.get("stream_options").get("include_usage").asBoolean());
        assertFalse(b.get("stream_options").get("include_obfuscation").asBoolean());
        assertTrue(up.stream());
    }

    @Test
    void passthroughOfANonStreamLeavesStreamOptionsAlone() {
        byte[] bytes = Fixtures.bytes("openai/request_tools.json");
        ChatRequest decoded = codec.decodeRequest(bytes, InboundContext.BODY_ONLY);
        JsonNode b = body(codec.passthroughRequest(bytes, decoded, "gpt-4o", key));
        assertFalse(b.has("stream_options"));
        assertEquals("auto", b.get("tool_choice").asText());
    }
}
