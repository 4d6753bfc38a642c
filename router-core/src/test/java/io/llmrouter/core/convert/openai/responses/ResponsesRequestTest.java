package io.llmrouter.core.convert.openai.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Responses requests both ways: the recorded client bodies decode, the IR encodes for a Responses upstream. */
class ResponsesRequestTest {

    private static final ProtocolCodec CODEC = Codecs.defaults().of(Protocol.OPENAI_RESPONSES);
    private static final Key KEY = new Key(Protocol.OPENAI_RESPONSES, "https://api.example.com", "sk-test");

    private static ChatRequest decode(String fixture) {
        return CODEC.decodeRequest(Fixtures.bytes("openai-responses/" + fixture), InboundContext.BODY_ONLY);
    }

    private static ChatRequest decodeJson(String json) {
        return CODEC.decodeRequest(json.getBytes(StandardCharsets.UTF_8), InboundContext.BODY_ONLY);
    }

    private static ObjectNode encode(ChatRequest request, Key key) {
        UpstreamRequest up = CODEC.encodeRequest(request, "gpt-upstream", key);
        return Json.parseObject(up.body(), "body");
    }

    @Test
    void aTypedMessageItemIsOneUserTurn() {
        ChatRequest r = decode("request_text.json");
        assertEquals("gpt-4o-mini", r.model());
        assertEquals(List.of(Message.text(Role.USER, "Respond with only the word hello.")), r.messages());
        assertNull(r.system());
        assertFalse(r.stream());
    }

    @Test
    void aStringInputIsOneUserTurn() {
        ChatRequest r = decode("request_input_tokens.json");
        assertEquals(List.of(Message.text(Role.USER, "Tell me a joke.")), r.messages());
    }

    @Test
    void instructionsAndDeveloperMessagesMakeTheSystemPrompt() {
        ChatRequest r = decode("request_message_history.json");
        JsonNode body = Json.parseObject(Fixtures.bytes("openai-responses/request_message_history.json"), "f");
        String developer = body.path("input").path(0).path("content").path(0).path("text").asText();
        assertEquals(developer, r.system());
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.USER), r.messages().stream().map(Message::role).toList());
        assertEquals(body.path("input").path(2).path("content").path(0).path("text").asText(),
                r.messages().get(1).joinedText(), "assistant output_text");

        ChatRequest withInstructions = decodeJson("{\"model\":\"m\",\"instructions\":\"Be brief.\",\"input\":["
                + "{\"role\":\"system\",\"content\":\"Use French.\"},{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertEquals("Be brief.\n\nUse French.", withInstructions.system());
    }

    @Test
    void functionToolsAreFlat() {
        ChatRequest r = decode("request_tools.json");
        assertEquals(1, r.tools().size());
        assertEquals("get_weather_at_location", r.tools().get(0).name());
        assertEquals("object", r.tools().get(0).parameters().path("type").asText());
        assertTrue(r.tools().get(0).description().startsWith("Gets the weather"));
    }

    /** pydantic-ai's replayed tool loop: EasyInputMessage, reasoning, message with phase, call, output. */
    @Test
    void aReplayedToolLoopMergesTheAssistantSideIntoOneTurn() {
        ChatRequest r = decode("request_instructions_multi_item_tool_loop.json");
        assertEquals("Briefly narrate what you are about to do before calling each tool.", r.system());
        assertEquals(List.of(Role.USER, Role.ASSISTANT, Role.TOOL), r.messages().stream().map(Message::role).toList());
        List<ContentPart> assistant = r.messages().get(1).content();
        assertEquals(new ContentPart.Text("I'll check the capital lookup tool for \"PotatoLand.\""),
                assistant.stream().filter(ContentPart.Text.class::isInstance).findFirst().orElseThrow());
        assertEquals(new ContentPart.ToolCall("call_ALAJMWK9buNN7RXxxXbECcHa", "get_capital",
                "{\"country\":\"PotatoLand\"}"), assistant.get(assistant.size() - 1));
        assertEquals(List.of(new ContentPart.ToolResult("call_ALAJMWK9buNN7RXxxXbECcHa", "get_capital",
                "Potato City", false)), r.messages().get(2).content());
        assertEquals(ToolChoice.AUTO, r.toolChoice());
    }

    @Test
    void parametersDecode() {
        ChatRequest r = decodeJson("{\"model\":\"m\",\"input\":\"x\",\"temperature\":0.2,\"top_p\":0.9,"
                + "\"max_output_tokens\":300,\"parallel_tool_calls\":false,\"tool_choice\":{\"type\":\"function\","
                + "\"name\":\"f\"},\"safety_identifier\":\"u1\",\"user\":\"old\",\"stream\":true,\"store\":true,"
                + "\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"w\",\"strict\":true,"
                + "\"schema\":{\"type\":\"object\"}}},\"input_image_test\":1}");
        assertEquals(0.2, r.temperature());
        assertEquals(0.9, r.topP());
        assertEquals(300, r.maxTokens());
        assertEquals(false, r.parallelToolCalls());
        assertEquals(ToolChoice.named("f"), r.toolChoice());
        assertEquals("u1", r.user(), "safety_identifier wins over user");
        assertTrue(r.stream());
        assertTrue(r.includeUsage(), "a Responses stream always ends with usage");
        assertEquals(new ResponseFormat((ObjectNode) Json.tryParse("{\"type\":\"object\"}"), "w", null, true),
                r.responseFormat());
        assertEquals(ResponseFormat.jsonObject(), decodeJson("{\"model\":\"m\",\"input\":\"x\","
                + "\"text\":{\"format\":{\"type\":\"json_object\"}}}").responseFormat());
        assertNull(decodeJson("{\"model\":\"m\",\"input\":\"x\",\"text\":{\"format\":{\"type\":\"text\"}}}")
                .responseFormat());
    }

    @Test
    void imagesByUrlAndInline() {
        ChatRequest r = decodeJson("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"input_text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"https://example.com/a.png\",\"detail\":\"auto\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,AAAA\"},"
                + "{\"type\":\"input_image\",\"file_id\":\"file-1\"}]}]}");
        assertEquals(List.of(new ContentPart.Text("What is this?"), ContentPart.Image.ofUrl("https://example.com/a.png"),
                ContentPart.Image.ofBase64("image/png", "AAAA")), r.messages().get(0).content());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"m\",\"input\":\"x\",\"previous_response_id\":\"resp_1\"}|previous_response_id",
        "{\"model\":\"m\",\"input\":\"x\",\"conversation\":\"conv_1\"}|conversation",
        "{\"model\":\"m\",\"input\":\"x\",\"background\":true}|background",
        "{\"model\":\"m\",\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}|input[0]"})
    void whatNeedsStoredStateIsRefusedNamingTheField(String caseText) {
        String[] c = caseText.split("\\|");
        RouterException e = assertThrows(RouterException.class, () -> decodeJson(c[0]));
        assertEquals(400, e.error().status());
        assertEquals("unsupported_parameter", e.error().code());
        assertTrue(e.error().message().contains("keeps no response state"), e.error().message());
        assertTrue(e.error().message().contains("'store' is treated as false"), e.error().message());
        JsonNode body = Json.parseObject(CODEC.encodeError(e.error()).body(), "error").path("error");
        assertEquals(c[1], body.path("param").asText());
        assertEquals("invalid_request_error", body.path("type").asText());
        assertEquals("unsupported_parameter", body.path("code").asText());
    }

    @Test
    void theRecordedStatefulContinuationIsRefused() {
        RouterException e = assertThrows(RouterException.class,
                () -> decode("request_function_call_output_previous_response_id.json"));
        assertTrue(e.error().message().startsWith("'previous_response_id' is not supported"), e.error().message());
    }

    @Test
    void malformedFieldsAreNamedInParam() {
        RouterException e = assertThrows(RouterException.class,
                () -> decodeJson("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":5}]}"));
        EncodedError encoded = CODEC.encodeError(e.error());
        assertEquals(400, encoded.status());
        assertEquals("input[0].content", Json.parseObject(encoded.body(), "e").path("error").path("param").asText());
        assertThrows(RouterException.class, () -> decodeJson("{\"model\":\"m\"}"), "input is required");
    }

    // ---- IR -> Responses upstream ------------------------------------------------------------------------------

    @Test
    void theIrEncodesAsItemsWithStoreOff() {
        ChatRequest request = ChatRequest.builder().model("public").system("Be brief.")
                .messages(List.of(Message.text(Role.USER, "Weather?"),
                        new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Looking."),
                                new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_1", "get_weather", "21C",
                                false)))))
                .tools(List.of(new io.llmrouter.api.chat.ToolDefinition("get_weather", "d",
                        (ObjectNode) Json.tryParse("{\"type\":\"object\"}"))))
                .toolChoice(ToolChoice.REQUIRED).maxTokens(5).temperature(0.3).topK(4).seed(1L)
                .stop(List.of("END")).user("u1").stream(true).build();
        ObjectNode body = encode(request, KEY);
        assertEquals("gpt-upstream", body.path("model").asText());
        assertEquals("Be brief.", body.path("instructions").asText());
        assertEquals(Json.tryParse("[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                + "\"text\":\"Weather?\"}]},{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Looking.\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"},{\"type\":\"function_call_output\","
                + "\"call_id\":\"call_1\",\"output\":\"21C\"}]"), body.path("input"));
        assertEquals(false, body.path("tools").path(0).path("strict").booleanValue(),
                "Responses tools are strict unless told otherwise");
        assertEquals("get_weather", body.path("tools").path(0).path("name").asText());
        assertEquals("required", body.path("tool_choice").asText());
        assertEquals(16, body.path("max_output_tokens").asInt(), "raised to OpenAI's minimum");
        assertEquals("u1", body.path("safety_identifier").asText());
        assertFalse(body.path("store").booleanValue());
        assertTrue(body.path("stream").booleanValue());
        for (String absent : List.of("top_k", "seed", "stop", "presence_penalty", "frequency_penalty")) {
            assertFalse(body.has(absent), absent);
        }
    }

    @Test
    void theWireIsBearerAuthOnSlashResponses() {
        UpstreamRequest up = CODEC.encodeRequest(decodeJson("{\"model\":\"m\",\"input\":\"x\"}"), "gpt-x", KEY);
        assertEquals("https://api.example.com/v1/responses", up.url());
        assertEquals("Bearer sk-test", up.headers().get("Authorization"));
        assertEquals("application/json", up.headers().get("Accept"));
        Key withPath = new Key(Protocol.OPENAI_RESPONSES, "https://gateway.example.com/openai/v1", "k");
        assertEquals("https://gateway.example.com/openai/v1/responses",
                CODEC.encodeRequest(decodeJson("{\"model\":\"m\",\"input\":\"x\"}"), "gpt-x", withPath).url());
    }

    /** On OpenAI's own API, reasoning models take no sampling controls other than 1. */
    @Test
    void openAisReasoningModelsGetNoTemperature() {
        Key openai = new Key(Protocol.OPENAI_RESPONSES, "https://api.openai.com", "k");
        ChatRequest r = decodeJson("{\"model\":\"m\",\"input\":\"x\",\"temperature\":0.2,\"top_p\":0.5}");
        ObjectNode reasoning = Json.parseObject(CODEC.encodeRequest(r, "o4-mini", openai).body(), "b");
        assertFalse(reasoning.has("temperature"));
        assertFalse(reasoning.has("top_p"));
        ObjectNode chat = Json.parseObject(CODEC.encodeRequest(r, "gpt-4o", openai).body(), "b");
        assertEquals(0.2, chat.path("temperature").asDouble());
        ObjectNode elsewhere = Json.parseObject(CODEC.encodeRequest(r, "o4-mini", KEY).body(), "b");
        assertEquals(0.2, elsewhere.path("temperature").asDouble(), "other hosts get the body as converted");
    }

    // ---- passthrough -------------------------------------------------------------------------------------------

    @Test
    void passthroughRewritesOnlyTheModelAndStateFields() {
        String json = "{\"model\":\"public\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[]},"
                + "{\"type\":\"reasoning\",\"id\":\"rs_2\",\"summary\":[],\"encrypted_content\":\"gAAA\"},"
                + "{\"type\":\"web_search_call\",\"id\":\"ws_1\",\"status\":\"completed\"}],"
                + "\"tools\":[{\"type\":\"web_search\"}],\"store\":true,\"truncation\":\"auto\","
                + "\"reasoning\":{\"effort\":\"low\"},\"include\":[\"message.output_text.logprobs\"],\"x_unknown\":1}";
        ObjectNode body = Json.parseObject(json.getBytes(StandardCharsets.UTF_8), "b");
        ChatRequest decoded = CODEC.decodeRequest(body.deepCopy(), InboundContext.BODY_ONLY);
        UpstreamRequest up = CODEC.passthroughRequest(body, decoded, Outbound.of("gpt-5-mini", KEY));
        ObjectNode sent = Json.parseObject(up.body(), "sent");
        assertEquals("gpt-5-mini", sent.path("model").asText());
        assertFalse(sent.path("store").booleanValue(), "the router stores nothing");
        assertEquals(Json.tryParse("[\"message.output_text.logprobs\",\"reasoning.encrypted_content\"]"),
                sent.path("include"));
        assertEquals(3, sent.path("input").size(), "the reasoning item without encrypted content is gone");
        assertEquals("rs_2", sent.path("input").path(1).path("id").asText());
        assertEquals("web_search_call", sent.path("input").path(2).path("type").asText());
        assertEquals("web_search", sent.path("tools").path(0).path("type").asText(), "built-in tools survive");
        assertEquals("auto", sent.path("truncation").asText());
        assertEquals(1, sent.path("x_unknown").asInt());
    }
}
