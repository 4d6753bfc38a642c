package io.llmrouter.core.convert.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class GeminiRequestDecoderTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.GEMINI);
    private static final InboundContext CTX = InboundContext.gemini("models/gemini-2.0-flash", false, true);

    private ChatRequest decode(String fixture) {
        return codec.decodeRequest(Fixtures.bytes(fixture), CTX);
    }

    private static ChatRequest decodeJson(String json) {
        return Codecs.defaults().of(Protocol.GEMINI).decodeRequest(json.getBytes(StandardCharsets.UTF_8), CTX);
    }

    @Test
    void textRequestTakesModelFromPathWithoutPrefix() {
        ChatRequest r = decode("gemini/request_text.json");
        assertEquals("gemini-2.0-flash", r.model());
        assertFalse(r.stream());
        assertNull(r.system());
        assertEquals(1, r.messages().size());
        assertEquals(Role.USER, r.messages().get(0).role());
        assertEquals("Write a story about a magic backpack.", r.messages().get(0).joinedText());
    }

    @Test
    void streamRouteMeansStreamWithUsage() {
        ChatRequest r = codec.decodeRequest(Fixtures.bytes("gemini/request_text.json"),
                InboundContext.gemini("gemini-2.0-flash", true, true));
        assertTrue(r.stream());
        assertTrue(r.includeUsage());
    }

    @Test
    void generationConfig() {
        ChatRequest r = decode("gemini/request_generation_config.json");
        assertEquals(List.of("Title"), r.stop());
        assertEquals(1.0, r.temperature());
        assertEquals(800, r.maxTokens());
        assertEquals(0.8, r.topP());
        assertEquals(10, r.topK());
    }

    @Test
    void snakeCaseSystemInstructionAndBareObjects() {
        ChatRequest r = decode("gemini/request_system_instruction_snake_case.json");
        assertEquals("You are Neko the cat respond like one", r.system());
        assertEquals(List.of(Message.text(Role.USER, "Hello there")), r.messages());
    }

    @Test
    void multiturnSystemInstruction() {
        ChatRequest r = decode("gemini/request_system_instruction_multiturn.json");
        assertEquals("You are Neko the cat respond like one", r.system());
        assertEquals(3, r.messages().size());
        assertEquals(Role.ASSISTANT, r.messages().get(1).role());
        assertEquals("Meow? 😻 \n", r.messages().get(1).joinedText());
        assertEquals("What is your name? What do like to drink?", r.messages().get(2).joinedText());
    }

    @Test
    void snakeCaseToolsWithLowercaseTypes() {
        ChatRequest r = decode("gemini/request_tools_single_turn.json");
        assertEquals(1, r.messages().size());
        assertEquals(3, r.tools().size());
        assertEquals("find_theaters", r.tools().get(1).name());
        assertEquals("object", r.tools().get(1).parameters().get("type").asText());
        assertEquals("location", r.tools().get(1).parameters().get("required").get(0).asText());
    }

    @Test
    void upperCaseSchemaTypesBecomeJsonSchemaNames() {
        ChatRequest r = decode("gemini/request_function_response.json");
        var params = r.tools().get(0).parameters();
        assertEquals("object", params.get("type").asText());
        assertEquals("string", params.get("properties").get("location").get("type").asText());
    }

    @Test
    void toolConfigAndParameterlessDeclarations() {
        ChatRequest r = decode("gemini/request_tools_tool_config.json");
        assertTrue(r.system().startsWith("You are a helpful lighting system bot."));
        assertEquals(ToolChoice.AUTO, r.toolChoice());
        assertEquals(3, r.tools().size());
        assertNull(r.tools().get(0).parameters());
        assertEquals("Turn on the lighting system.", r.tools().get(0).description());
        assertEquals("Turn on the lights please.", r.messages().get(0).joinedText());
    }

    @Test
    void legacyFunctionRoleBecomesToolMessageLinkedByName() {
        ChatRequest r = decode("gemini/request_function_response.json");
        assertEquals(3, r.messages().size());
        ContentPart.ToolCall call = (ContentPart.ToolCall) r.messages().get(1).content().get(0);
        assertEquals("find_theaters", call.name());
        assertEquals("{\"location\":\"Mountain View, CA\",\"movie\":\"Barbie\"}", call.arguments());
        assertTrue(call.id().startsWith("call_"));
        Message tool = r.messages().get(2);
        assertEquals(Role.TOOL, tool.role());
        ContentPart.ToolResult result = (ContentPart.ToolResult) tool.content().get(0);
        assertEquals(call.id(), result.toolCallId());
        assertEquals("find_theaters", result.name());
        assertFalse(result.isError());
        assertTrue(result.content().contains("AMC Mountain View 16"));
        // Deterministic ids: decoding again gives the same id.
        ChatRequest again = decode("gemini/request_function_response.json");
        assertEquals(call.id(), ((ContentPart.ToolCall) again.messages().get(1).content().get(0)).id());
    }

    @Test
    void multiturnFunctionHistory() {
        ChatRequest r = decode("gemini/request_function_response_multiturn.json");
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT, Role.USER),
                r.messages().stream().map(Message::role).toList());
        assertEquals("Can you recommend some comedy movies on show in Mountain View?",
                r.messages().get(4).joinedText());
    }

    @Test
    void constructedCamelCaseRequest() {
        ChatRequest r = decode("constructed/gemini/request_full_camelcase.json");
        assertEquals("You are a helpful assistant.", r.system());
        List<ContentPart> user = r.messages().get(0).content();
        assertEquals(3, user.size());
        ContentPart.Image inline = (ContentPart.Image) user.get(1);
        assertEquals("image/png", inline.mediaType());
        assertTrue(inline.data().startsWith("iVBOR"));
        ContentPart.Image file = (ContentPart.Image) user.get(2);
        assertEquals("https://generativelanguage.googleapis.com/v1beta/files/abc-123", file.url());
        ContentPart.ToolCall call = (ContentPart.ToolCall) r.messages().get(1).content().get(0);
        assertEquals(new ContentPart.ToolCall("fc-1", "get_weather", "{\"city\":\"Paris\"}"), call);
        ContentPart.ToolResult result = (ContentPart.ToolResult) r.messages().get(2).content().get(0);
        assertEquals(new ContentPart.ToolResult("fc-1", "get_weather", "{\"temperature_c\":21}", false), result);
        assertEquals(ToolChoice.named("get_weather"), r.toolChoice());
        assertEquals(0.2, r.temperature());
        assertEquals(0.9, r.topP());
        assertEquals(40, r.topK());
        assertEquals(1024, r.maxTokens());
        assertEquals(List.of("\n\nUser:"), r.stop());
    }

    @Test
    void inlineImageTemplateIsRejectedAsInvalidJson() {
        RouterException e = assertThrows(RouterException.class,
                () -> decode("gemini/request_inline_image.template.json"));
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        assertEquals(400, e.error().status());
    }

    @Test
    void inlineImageTemplateWithRealBase64() {
        String template = Fixtures.text("gemini/request_inline_image.template.json");
        String b64 = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR8eHR0=";
        ChatRequest r = decodeJson(template.replace("$(cat \"$TEMP_B64\")", b64));
        List<ContentPart> parts = r.messages().get(0).content();
        assertEquals(new ContentPart.Text("Tell me about this instrument"), parts.get(0));
        assertEquals(ContentPart.Image.ofBase64("image/jpeg", b64), parts.get(1));
    }

    @Test
    void userTurnMixingResultsAndTextSplitsIntoToolThenUser() {
        ChatRequest r = decodeJson("""
                {"contents":[
                  {"role":"user","parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}},{"functionCall":{"name":"a","args":{"x":1}}}]},
                  {"role":"user","parts":[
                    {"functionResponse":{"name":"a","response":{"output":"one"}}},
                    {"functionResponse":{"name":"a","response":{"error":"boom"}}},
                    {"text":"and then?"}]}
                ]}""");
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER),
                r.messages().stream().map(Message::role).toList());
        List<ContentPart> calls = r.messages().get(1).content();
        List<ContentPart> results = r.messages().get(2).content();
        ContentPart.ToolResult first = (ContentPart.ToolResult) results.get(0);
        ContentPart.ToolResult second = (ContentPart.ToolResult) results.get(1);
        assertEquals(((ContentPart.ToolCall) calls.get(0)).id(), first.toolCallId());
        assertEquals(((ContentPart.ToolCall) calls.get(1)).id(), second.toolCallId());
        assertEquals("one", first.content());
        assertEquals("boom", second.content());
        assertTrue(second.isError());
        assertEquals("and then?", r.messages().get(3).joinedText());
    }

    @Test
    void thoughtPartsAreReasoningBeforeTheAnswer() {
        ChatRequest r = decodeJson("""
                {"contents":[{"role":"user","parts":[{"text":"q"}]},
                  {"role":"model","parts":[{"text":"thinking...","thought":true},{"text":"answer"}]}]}""");
        assertEquals(List.of(ContentPart.Reasoning.text("thinking..."), new ContentPart.Text("answer")),
                r.messages().get(1).content());
    }

    @Test
    void toolChoiceModes() {
        assertEquals(ToolChoice.NONE, decodeJson("""
                {"contents":{"parts":{"text":"x"}},"tool_config":{"function_calling_config":{"mode":"NONE"}}}""")
                .toolChoice());
        assertEquals(ToolChoice.REQUIRED, decodeJson("""
                {"contents":{"parts":{"text":"x"}},"toolConfig":{"functionCallingConfig":{"mode":"ANY"}}}""")
                .toolChoice());
        assertEquals(ToolChoice.named("f"), decodeJson("""
                {"contents":{"parts":{"text":"x"}},"tool_config":{"function_calling_config":
                  {"mode":"any","allowed_function_names":["f"]}}}""").toolChoice());
    }

    @Test
    void snakeCaseGenerationConfig() {
        ChatRequest r = decodeJson("""
                {"contents":{"parts":{"text":"x"}},"generation_config":{"max_output_tokens":5,"top_k":3,
                 "stop_sequences":["a"],"seed":7,"presence_penalty":0.5,"frequency_penalty":0.25,
                 "candidate_count":1,"response_mime_type":"text/plain","thinking_config":{"thinking_budget":0}}}""");
        assertEquals(5, r.maxTokens());
        assertEquals(3, r.topK());
        assertEquals(List.of("a"), r.stop());
        assertEquals(7L, r.seed());
        assertEquals(0.5, r.presencePenalty());
        assertEquals(0.25, r.frequencyPenalty());
    }

    @Test
    void missingOrWrongFieldsAreNamedIn400s() {
        assertMessageContains("{}", "contents");
        assertMessageContains("{\"contents\":[]}", "contents");
        assertMessageContains("{\"contents\":\"hi\"}", "contents");
        assertMessageContains("{\"contents\":[{\"role\":7,\"parts\":[{\"text\":\"x\"}]}]}", "role");
        assertMessageContains("{\"contents\":[{\"role\":\"system\",\"parts\":[{\"text\":\"x\"}]}]}", "role");
        assertMessageContains("{\"contents\":[{\"parts\":[{\"text\":5}]}]}", "text");
        assertMessageContains("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":"
                + "{\"temperature\":\"hot\"}}", "temperature");
        assertMessageContains("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":"
                + "{\"maxOutputTokens\":1.5}}", "maxOutputTokens");
        assertMessageContains("{\"contents\":[{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"args\":{}}}]}]}",
                "name");
        assertMessageContains("[1,2]", "object");
    }

    private static void assertMessageContains(String body, String word) {
        RouterException e = assertThrows(RouterException.class, () -> decodeJson(body));
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        assertTrue(e.getMessage().contains(word), () -> e.getMessage() + " should name " + word);
    }

    @Test
    void garbageAndWrongTypesOnlyEverYieldRouterException() {
        Random random = new Random(42);
        String[] values = {"null", "1", "-3.5", "true", "\"s\"", "[]", "{}", "[1,\"a\",null]", "{\"text\":1}",
                "{\"parts\":7}", "[{\"parts\":[{\"functionCall\":7}]}]", "{\"role\":[],\"parts\":{}}",
                "[{\"parts\":[{\"inlineData\":{\"mimeType\":1}}]}]", "{\"functionDeclarations\":[{\"name\":1}]}",
                "{\"functionCallingConfig\":{\"mode\":3}}",
                "[{\"functionDeclarations\":[{\"name\":\"f\",\"parameters\":1}]}]"};
        String[] keys = {"contents", "systemInstruction", "system_instruction", "tools", "toolConfig",
                "generationConfig", "generation_config"};
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder("{");
            int n = 1 + random.nextInt(4);
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    sb.append(',');
                }
                sb.append('"').append(keys[random.nextInt(keys.length)]).append("\":")
                        .append(values[random.nextInt(values.length)]);
            }
            sb.append('}');
            assertOnlyRouterException(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            assertOnlyRouterException(bytes);
        }
        assertOnlyRouterException(new byte[0]);
        assertOnlyRouterException(null);
    }

    private void assertOnlyRouterException(byte[] body) {
        try {
            codec.decodeRequest(body, CTX);
        } catch (RouterException e) {
            assertEquals(400, e.error().status());
        } catch (RuntimeException e) {
            throw new AssertionError("non-RouterException for " + (body == null ? "null"
                    : new String(body, StandardCharsets.UTF_8)), e);
        }
    }

    @Test
    void imagePartOrderKeptWithText() {
        ChatRequest r = decodeJson("""
                {"contents":[{"parts":[{"inline_data":{"mime_type":"image/png","data":"AAAA"}},{"text":"what?"}]}]}""");
        assertInstanceOf(ContentPart.Image.class, r.messages().get(0).content().get(0));
        assertEquals("what?", r.messages().get(0).joinedText());
    }
}
