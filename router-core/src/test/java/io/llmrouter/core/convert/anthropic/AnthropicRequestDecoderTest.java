package io.llmrouter.core.convert.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.wire.InboundContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnthropicRequestDecoderTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.ANTHROPIC);

    private ChatRequest decode(String fixture) {
        return codec.decodeRequest(Fixtures.bytes(fixture), InboundContext.BODY_ONLY);
    }

    private ChatRequest decodeJson(String json) {
        return codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8), InboundContext.BODY_ONLY);
    }

    @Test
    void toolsRequest() {
        ChatRequest r = decode("anthropic/request_tools.json");
        assertEquals("claude-haiku-4-5", r.model());
        assertEquals(1024, r.maxTokens());
        assertNull(r.system());
        assertEquals(List.of(Message.text(Role.USER, "What's the weather in SF in Celsius?")), r.messages());
        assertEquals(1, r.tools().size());
        assertEquals("get_weather", r.tools().get(0).name());
        assertEquals("", r.tools().get(0).description());
        assertEquals("object", r.tools().get(0).parameters().get("type").asText());
        assertNull(r.toolChoice());
        assertFalse(r.stream());
    }

    @Test
    void toolResultRequestBecomesToolMessageWithRecoveredName() {
        ChatRequest r = decode("anthropic/request_tool_result.json");
        assertEquals(3, r.messages().size());
        Message assistant = r.messages().get(1);
        assertEquals(Role.ASSISTANT, assistant.role());
        assertEquals(new ContentPart.ToolCall("toolu_013DU6hV4C1M8dJ32ybQFAFi", "get_weather",
                "{\"location\":\"SF\",\"units\":\"c\"}"), assistant.content().get(0));
        Message tool = r.messages().get(2);
        assertEquals(Role.TOOL, tool.role());
        assertEquals(new ContentPart.ToolResult("toolu_013DU6hV4C1M8dJ32ybQFAFi", "get_weather",
                "{\"location\": \"SF\", \"temperature\": \"20\\u00b0C\", \"condition\": \"Sunny\"}", false),
                tool.content().get(0));
    }

    @Test
    void streamRequests() {
        ChatRequest tools = decode("anthropic/request_stream_tools.json");
        assertTrue(tools.stream());
        assertTrue(tools.includeUsage());
        assertEquals("Lookup the weather for a given city in either celsius or fahrenheit",
                tools.tools().get(0).description());

        ChatRequest result = decode("anthropic/request_stream_tool_result.json");
        assertTrue(result.stream());
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL),
                result.messages().stream().map(Message::role).toList());
        ContentPart.ToolResult tr = (ContentPart.ToolResult) result.messages().get(2).content().get(0);
        assertEquals("toolu_018acGYLtfR52q9yDbWaEdQZ", tr.toolCallId());
        assertEquals("get_weather", tr.name());
        assertTrue(tr.content().contains("68\\u00b0F"));
    }

    @Test
    void consecutiveUserTurnsAreKeptAsTwoUserMessages() {
        ChatRequest r = decode("anthropic/request_text_consecutive_user_turns.json");
        assertEquals(4000, r.maxTokens());
        assertEquals("claude-sonnet-4-5", r.model());
        assertEquals(2, r.messages().size());
        assertTrue(r.messages().stream().allMatch(m -> m.role() == Role.USER));
        assertTrue(r.messages().get(1).joinedText().startsWith("You have been working on the task"));
    }

    @Test
    void orphanToolResultKeepsIdWithoutName() {
        ChatRequest r = decode("anthropic/request_orphan_tool_result.json");
        assertEquals(List.of(Role.USER, Role.TOOL), r.messages().stream().map(Message::role).toList());
        ContentPart.ToolResult tr = (ContentPart.ToolResult) r.messages().get(1).content().get(0);
        assertEquals("toolu_01GHndag5wQmbzNihYmV2UBj", tr.toolCallId());
        assertNull(tr.name(), "no earlier tool_use carries this id");
        assertTrue(tr.content().contains("20°C"));
    }

    @Test
    void constructedFullRequest() {
        ChatRequest r = decode("constructed/anthropic/request_full_system_image_tool_choice.json");
        assertEquals("You are a helpful assistant.", r.system());
        assertEquals(1024, r.maxTokens());
        assertEquals(0.2, r.temperature());
        assertEquals(0.9, r.topP());
        assertEquals(40, r.topK());
        assertEquals(List.of("\n\nHuman:"), r.stop());
        assertEquals(ToolChoice.AUTO, r.toolChoice());
        assertEquals(Boolean.TRUE, r.parallelToolCalls());
        assertTrue(r.stream());
        Message user = r.messages().get(0);
        assertEquals(ContentPart.Image.ofBase64("image/png",
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="),
                user.content().get(0));
        assertEquals(ContentPart.Image.ofUrl(
                "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"),
                user.content().get(1));
        assertEquals("What is in these images, and what's the weather in Paris?", user.joinedText());
        Message assistant = r.messages().get(1);
        assertEquals(new ContentPart.Text("Let me check the weather."), assistant.content().get(0));
        assertEquals(new ContentPart.ToolCall("toolu_01ABC", "get_weather", "{\"city\":\"Paris\"}"),
                assistant.content().get(1));
        assertEquals(List.of(new ContentPart.ToolResult("toolu_01ABC", "get_weather", "{\"temperature_c\": 21}", false)),
                r.messages().get(2).content());
    }

    @Test
    void userTurnWithResultsAndTextSplitsIntoToolThenUser() {
        ChatRequest r = decodeJson("""
                {"model":"m","max_tokens":5,"messages":[
                 {"role":"user","content":"hi"},
                 {"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":"s"},
                   {"type":"tool_use","id":"a","name":"f","input":{}},{"type":"tool_use","id":"b","name":"g","input":{"x":1}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"a","content":"1"},
                   {"type":"tool_result","tool_use_id":"b","content":[{"type":"text","text":"2"},{"type":"image",
                   "source":{"type":"url","url":"https://x/y.png"}}],"is_error":true},{"type":"text","text":"and now?"}]}]}
                """);
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER),
                r.messages().stream().map(Message::role).toList());
        assertEquals(ContentPart.Reasoning.signed("hm", "s", io.llmrouter.api.Protocol.ANTHROPIC),
                r.messages().get(1).content().get(0), "the thinking block is kept with its signature");
        assertEquals(3, r.messages().get(1).content().size());
        assertEquals(List.of(new ContentPart.ToolResult("a", "f", "1", false),
                new ContentPart.ToolResult("b", "g", "2", true)), r.messages().get(2).content());
        assertEquals("and now?", r.messages().get(3).joinedText());
    }

    @Test
    void systemBlocksAndMidConversationSystemAreJoined() {
        ChatRequest r = decodeJson("""
                {"model":"m","system":[{"type":"text","text":"A"},{"type":"text","text":"B"}],
                 "messages":[{"role":"user","content":"x"},{"role":"system","content":"C"}],
                 "tool_choice":{"type":"any","disable_parallel_tool_use":true},"tools":[
                 {"type":"web_search_20250305","name":"web_search"},{"name":"f","input_schema":{"type":"object"}}]}
                """);
        assertEquals("A\n\nB\n\nC", r.system());
        assertEquals(1, r.messages().size());
        assertEquals(ToolChoice.REQUIRED, r.toolChoice());
        assertEquals(Boolean.FALSE, r.parallelToolCalls());
        assertEquals(1, r.tools().size(), "server tool dropped");
        assertNull(r.maxTokens());
    }

    @Test
    void namedToolChoiceAndNone() {
        assertEquals(ToolChoice.named("f"), decodeJson("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"tool","name":"f"}}
                """).toolChoice());
        assertEquals(ToolChoice.NONE, decodeJson("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"none"}}
                """).toolChoice());
    }

    @Test
    void missingOrWrongFieldsAreNamed() {
        assertMessage("messages", "{\"model\":\"m\"}");
        assertMessage("messages", "{\"model\":\"m\",\"messages\":[]}");
        assertMessage("model", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertMessage("messages.0.role", "{\"model\":\"m\",\"messages\":[{\"role\":7,\"content\":\"x\"}]}");
        assertMessage("messages.0.role", "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}");
        assertMessage("messages.0.content", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}");
        assertMessage("max_tokens", "{\"model\":\"m\",\"max_tokens\":\"10\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertMessage("messages.0.content.0.source.type", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image\",\"source\":{\"type\":\"file\",\"file_id\":\"f\"}}]}]}");
        assertMessage("not valid JSON", "{\"model\":");
        assertMessage("at least one user or assistant", "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":"
                + "[{\"type\":\"tool_use\",\"id\":\"a\",\"name\":\"f\"}]}]}");
    }

    private void assertMessage(String expectedFragment, String json) {
        RouterException e = assertThrows(RouterException.class, () -> decodeJson(json));
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
    }

    @Test
    void garbageAndWrongTypesOnlyYieldRouterException() {
        String[] values = {"null", "1", "\"s\"", "true", "[]", "{}", "[1]", "[{}]", "[null]", "{\"type\":1}",
            "[{\"type\":\"text\"}]", "[{\"type\":\"tool_use\"}]", "[{\"type\":\"image\",\"source\":1}]",
            "[{\"type\":\"tool_result\",\"tool_use_id\":\"x\",\"content\":5}]"};
        String[] fields = {"model", "messages", "system", "tools", "tool_choice", "max_tokens", "temperature",
            "stop_sequences", "stream", "top_k"};
        String base = "\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
        for (String f : fields) {
            for (String v : values) {
                tryDecode("{" + base + ",\"" + f + "\":" + v + "}");
            }
        }
        for (String v : values) {
            tryDecode("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":" + v + "}]}");
            tryDecode("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":" + v + "}]}");
            tryDecode("{\"model\":\"m\",\"messages\":[" + v + "]}");
        }
        Random random = new Random(42);
        byte[] valid = Fixtures.bytes("constructed/anthropic/request_full_system_image_tool_choice.json");
        for (int i = 0; i < 500; i++) {
            byte[] mutated = valid.clone();
            for (int k = 0; k < 3; k++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            tryDecode(new String(mutated, StandardCharsets.ISO_8859_1));
            byte[] noise = new byte[random.nextInt(40)];
            random.nextBytes(noise);
            tryDecode(new String(noise, StandardCharsets.ISO_8859_1));
        }
    }

    private void tryDecode(String json) {
        try {
            codec.decodeRequest(json.getBytes(StandardCharsets.ISO_8859_1), InboundContext.BODY_ONLY);
        } catch (RouterException e) {
            assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        } catch (RuntimeException e) {
            fail("decoding " + json + " threw " + e);
        }
    }
}
