package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
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

class OpenAiRequestDecoderTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.OPENAI);

    private ChatRequest decode(String json) {
        return codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8), InboundContext.BODY_ONLY);
    }

    private ChatRequest fixture(String name) {
        return codec.decodeRequest(Fixtures.bytes(name), InboundContext.BODY_ONLY);
    }

    @Test
    void developerRoleIsTheSystemPrompt() {
        ChatRequest r = fixture("openai/request_text.json");
        assertEquals("VAR_chat_model_id", r.model());
        assertEquals("You are a helpful assistant.", r.system());
        assertEquals(1, r.messages().size());
        assertEquals(Role.USER, r.messages().get(0).role());
        assertEquals("Hello!", r.messages().get(0).joinedText());
        assertFalse(r.stream());
    }

    @Test
    void anIntegerTooLargeIsSaidToBeOutOfRangeNotToBeNoInteger() {
        String base = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":";
        RouterException big = assertThrows(RouterException.class, () -> decode(base + "99999999999999999999}"));
        assertTrue(big.getMessage().contains("'max_tokens' is out of range"), big.getMessage());
        RouterException fraction = assertThrows(RouterException.class, () -> decode(base + "10.5}"));
        assertTrue(fraction.getMessage().contains("'max_tokens' must be an integer"), fraction.getMessage());
    }

    @Test
    void safetyIdentifierNamesTheEndUserBeforeTheDeprecatedUser() {
        String base = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        assertEquals("u-1", decode(base + ",\"user\":\"u-1\"}").user());
        assertEquals("s-2", decode(base + ",\"user\":\"u-1\",\"safety_identifier\":\"s-2\"}").user());
        assertNull(decode(base + "}").user());
        RouterException e = assertThrows(RouterException.class, () -> decode(base + ",\"user\":7}"));
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
    }

    @Test
    void streamWithoutStreamOptionsDoesNotAskForUsage() {
        ChatRequest r = fixture("openai/request_stream.json");
        assertTrue(r.stream());
        assertFalse(r.includeUsage());
    }

    @Test
    void imageUrlAndDeprecatedMaxTokens() {
        ChatRequest r = fixture("openai/request_image_url.json");
        assertEquals(300, r.maxTokens());
        List<ContentPart> parts = r.messages().get(0).content();
        assertEquals(new ContentPart.Text("What is in this image?"), parts.get(0));
        ContentPart.Image img = assertInstanceOf(ContentPart.Image.class, parts.get(1));
        assertFalse(img.inline());
        assertTrue(img.url().startsWith("https://upload.wikimedia.org/"));
    }

    @Test
    void toolDefinitionsAndAutoChoice() {
        ChatRequest r = fixture("openai/request_tools.json");
        assertEquals(1, r.tools().size());
        assertEquals("get_current_weather", r.tools().get(0).name());
        assertEquals("Get the current weather in a given location", r.tools().get(0).description());
        assertEquals("location", r.tools().get(0).parameters().path("required").get(0).asText());
        assertEquals(ToolChoice.AUTO, r.toolChoice());
    }

    @Test
    void fullMultiTurnWithToolsAndDataUrlImage() {
        ChatRequest r = fixture("constructed/openai/request_full_multiturn_tools.json");
        assertEquals("You are a helpful assistant.", r.system());
        assertEquals(3, r.messages().size());
        ContentPart.Image img = assertInstanceOf(ContentPart.Image.class, r.messages().get(0).content().get(1));
        assertTrue(img.inline());
        assertEquals("image/png", img.mediaType());
        assertTrue(img.data().startsWith("iVBORw0KGgo"));
        assertEquals(List.of(new ContentPart.ToolCall("call_abc123", "get_weather", "{\"city\":\"Paris\"}")),
                r.messages().get(1).content());
        assertEquals(Role.TOOL, r.messages().get(2).role());
        assertEquals(new ContentPart.ToolResult("call_abc123", "get_weather",
                "{\"temperature_c\": 21, \"condition\": \"sunny\"}", false), r.messages().get(2).content().get(0));
        assertEquals(ToolChoice.named("get_weather"), r.toolChoice());
        assertEquals(Boolean.TRUE, r.parallelToolCalls());
        assertEquals(0.2, r.temperature());
        assertEquals(1.0, r.topP());
        assertEquals(512, r.maxTokens());
        assertEquals(List.of("\n\nUser:"), r.stop());
        assertTrue(r.stream());
        assertTrue(r.includeUsage());
    }

    @Test
    void consecutiveToolMessagesMergeAndSystemMessagesFold() {
        ChatRequest r = decode("""
                {"model":"m","messages":[
                 {"role":"system","content":"A"},
                 {"role":"user","content":"q"},
                 {"role":"assistant","content":null,"tool_calls":[
                   {"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}},
                   {"id":"c2","type":"function","function":{"name":"g","arguments":{"x":1}}}]},
                 {"role":"tool","tool_call_id":"c1","content":"one"},
                 {"role":"tool","tool_call_id":"c2","content":[{"type":"text","text":"tw"},{"type":"text","text":"o"}]},
                 {"role":"developer","content":[{"type":"text","text":"B"}]},
                 {"role":"user","content":"next"}],
                 "max_tokens":10,"max_completion_tokens":20,"stop":"X","seed":7,
                 "presence_penalty":0.1,"frequency_penalty":0.2,"tool_choice":"required"}""");
        assertEquals("A\n\nB", r.system());
        assertEquals(4, r.messages().size());
        assertEquals("{\"x\":1}", ((ContentPart.ToolCall) r.messages().get(1).content().get(1)).arguments());
        assertEquals(List.of(new ContentPart.ToolResult("c1", "f", "one", false),
                new ContentPart.ToolResult("c2", "g", "two", false)), r.messages().get(2).content());
        assertEquals(20, r.maxTokens());
        assertEquals(List.of("X"), r.stop());
        assertEquals(7L, r.seed());
        assertEquals(0.1, r.presencePenalty());
        assertEquals(0.2, r.frequencyPenalty());
        assertEquals(ToolChoice.REQUIRED, r.toolChoice());
        assertNull(r.parallelToolCalls());
    }

    @Test
    void missingToolCallIdsAreSynthesizedDeterministically() {
        String body = """
                {"model":"m","messages":[{"role":"user","content":"q"},
                 {"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}]}""";
        ContentPart.ToolCall a = (ContentPart.ToolCall) decode(body).messages().get(1).content().get(0);
        ContentPart.ToolCall b = (ContentPart.ToolCall) decode(body).messages().get(1).content().get(0);
        assertTrue(a.id().startsWith("call_"));
        assertEquals(a.id(), b.id());
    }

    @Test
    void invalidInputNamesTheField() {
        assertInvalid("{\"model\":\"m\"}", "messages");
        assertInvalid("{\"model\":\"m\",\"messages\":[]}", "messages");
        assertInvalid("{\"model\":\"m\",\"messages\":[{\"role\":5,\"content\":\"x\"}]}", "messages[0].role");
        assertInvalid("{\"model\":\"m\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", "messages[0].role");
        assertInvalid("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model");
        assertInvalid("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}",
                "temperature");
        assertInvalid("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "tool_call_id");
        assertInvalid("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"maybe\"}",
                "tool_choice");
        assertInvalid("not json", "JSON");
    }

    private void assertInvalid(String body, String field) {
        RouterException e = assertThrows(RouterException.class, () -> decode(body));
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        assertEquals(400, e.error().status());
        assertTrue(e.getMessage().contains(field), e.getMessage() + " should name " + field);
    }

    @Test
    void garbageAndWrongTypesOnlyEverYieldRouterException() {
        String[] values = {"null", "1", "-3.5", "true", "\"s\"", "[]", "{}", "[1,\"a\",null]", "{\"a\":{}}",
            "[{\"type\":\"text\"}]", "[{\"type\":\"image_url\",\"image_url\":7}]"};
        String[] fields = {"model", "messages", "tools", "tool_choice", "stop", "stream", "stream_options", "seed",
            "max_tokens", "temperature", "parallel_tool_calls"};
        Random random = new Random(1);
        for (String field : fields) {
            for (String value : values) {
                expectOnlyRouterException("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\""
                        + field + "\":" + value + "}");
                expectOnlyRouterException("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":"
                        + value + ",\"tool_calls\":" + value + "}]}");
                expectOnlyRouterException("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":" + value
                        + "}]}");
            }
        }
        for (int i = 0; i < 300; i++) {
            byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            expectOnlyRouterException(new String(junk, StandardCharsets.ISO_8859_1));
        }
    }

    private void expectOnlyRouterException(String body) {
        try {
            decode(body);
        } catch (RouterException e) {
            assertEquals(400, e.error().status());
        } catch (RuntimeException e) {
            fail("non-RouterException for " + body + ": " + e);
        }
    }
}
