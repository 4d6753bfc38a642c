package io.llmrouter.core.convert.cohere;

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
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CohereV1RequestTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.COHERE);
    private final Key key = new Key(Protocol.COHERE, "https://api.cohere.com", "secret-key");

    private ChatRequest decode(String fixture) {
        return codec.decodeRequest(Fixtures.bytes(fixture), InboundContext.BODY_ONLY);
    }

    private JsonNode encode(ChatRequest r) throws IOException {
        UpstreamRequest up = codec.encodeRequest(r, "command-r-plus", key);
        return Json.MAPPER.readTree(up.body());
    }

    @Test
    void decodesTextRequest() {
        ChatRequest r = decode("cohere/v1/request_text.json");
        assertEquals(List.of(Message.text(Role.USER, "I'm Pickle Rick")), r.messages());
        assertNull(r.system());
        assertFalse(r.stream());
        assertNull(r.model());
    }

    @Test
    void decodesStreamRequestWithUsage() {
        ChatRequest r = decode("cohere/v1/request_stream.json");
        assertTrue(r.stream());
        assertTrue(r.includeUsage(), "Cohere streams always report usage, so the client expects it");
    }

    @Test
    void decodesToolsIntoJsonSchema() throws IOException {
        for (String f : List.of("cohere/v1/request_tools.json", "cohere/v1/request_stream_tools.json")) {
            ChatRequest r = decode(f);
            assertEquals(0.0, r.temperature());
            ToolDefinition t = r.tools().get(0);
            assertEquals("Person", t.name());
            assertNull(t.description(), "empty description becomes null");
            assertEquals(Json.MAPPER.readTree("{\"type\":\"object\",\"properties\":{"
                    + "\"name\":{\"type\":\"string\",\"description\":\"The name of the person\"},"
                    + "\"age\":{\"type\":\"integer\",\"description\":\"The age of the person\"}},"
                    + "\"required\":[\"name\",\"age\"]}"), t.parameters());
        }
    }

    @Test
    void decodesLangChainHistoryWithMixedCaseRolesAndTopLevelToolResults() {
        ChatRequest r = decode("cohere/v1/request_tool_results_chat_history_system.json");
        assertEquals("You are a helpful assistant. Respond only in English.", r.system());
        assertEquals(3, r.messages().size());
        assertEquals(Role.USER, r.messages().get(0).role());
        Message bot = r.messages().get(1);
        assertEquals(Role.ASSISTANT, bot.role());
        ContentPart.ToolCall call = (ContentPart.ToolCall) bot.content().get(1);
        assertEquals("web_search", call.name());
        assertEquals("{\"query\":\"Barack Obama's age\"}", call.arguments(), "LangChain's 'args' alias is read");
        assertTrue(call.id().startsWith("call_"));
        Message tool = r.messages().get(2);
        assertEquals(Role.TOOL, tool.role());
        ContentPart.ToolResult result = (ContentPart.ToolResult) tool.content().get(0);
        assertEquals(call.id(), result.toolCallId(), "result linked to the call by name + parameters");
        assertEquals("web_search", result.name());
        assertEquals("60", result.content(), "{output: text} is unwrapped");
        assertFalse(result.isError());
        assertEquals(2, r.tools().size());
    }

    @Test
    void decodesEmptyMessageWithToolResults() {
        ChatRequest r = decode("cohere/v1/request_tool_results_empty_message.json");
        assertEquals(3, r.messages().size());
        Message bot = r.messages().get(1);
        assertEquals(1, bot.content().size(), "empty chatbot message adds no text part");
        ContentPart.ToolCall call = (ContentPart.ToolCall) bot.content().get(0);
        assertEquals("{\"input\":3}", call.arguments());
        ContentPart.ToolResult result = (ContentPart.ToolResult) r.messages().get(2).content().get(0);
        assertEquals(call.id(), result.toolCallId());
        assertEquals("5", result.content());
        assertEquals(Role.TOOL, r.messages().get(r.messages().size() - 1).role());
    }

    @Test
    void decodesConstructedFullRequest() {
        ChatRequest r = decode("constructed/cohere/v1_request_full.json");
        assertEquals("command-r-plus-08-2024", r.model());
        assertEquals("You are a helpful assistant.", r.system());
        assertEquals(0.3, r.temperature());
        assertEquals(0.75, r.topP());
        assertEquals(0, r.topK());
        assertEquals(512, r.maxTokens());
        assertEquals(List.of("\n\nUser:"), r.stop());
        ContentPart.ToolCall call = (ContentPart.ToolCall) r.messages().get(1).content().get(1);
        ContentPart.ToolResult result = (ContentPart.ToolResult) r.messages().get(2).content().get(0);
        assertEquals(call.id(), result.toolCallId());
        assertEquals("get_weather", result.name());
        assertEquals("{\"temperature_c\":21,\"condition\":\"sunny\"}", result.content(), "object output kept as JSON");
    }

    @Test
    void idsAreDeterministic() {
        assertEquals(decode("constructed/cohere/v1_request_full.json"), decode("constructed/cohere/v1_request_full.json"));
    }

    @Test
    void roundTripsEveryRequestFixture() throws IOException {
        for (String f : List.of("cohere/v1/request_text.json", "cohere/v1/request_stream.json",
                "cohere/v1/request_tools.json", "cohere/v1/request_stream_tools.json",
                "cohere/v1/request_tool_results_chat_history_system.json",
                "cohere/v1/request_tool_results_empty_message.json", "constructed/cohere/v1_request_full.json")) {
            ChatRequest first = decode(f);
            byte[] body = codec.encodeRequest(first, first.model(), key).body();
            ChatRequest second = codec.decodeRequest(body, InboundContext.BODY_ONLY);
            assertEquals(first.withModel(null), second.withModel(null), f);
        }
    }

    @Test
    void encodesSplitConversationWithToolResultsLookedUpById() throws IOException {
        ObjectNode schema = (ObjectNode) Json.MAPPER.readTree("{\"type\":\"object\",\"properties\":{"
                + "\"city\":{\"type\":\"string\",\"description\":\"City\"},"
                + "\"days\":{\"type\":\"integer\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
                + "\"opts\":{\"type\":\"object\",\"description\":\"Options\",\"properties\":{\"x\":{\"type\":\"number\"}}},"
                + "\"exact\":{\"type\":\"boolean\"},\"ratio\":{\"type\":\"number\"}},\"required\":[\"city\"]}");
        ChatRequest r = ChatRequest.builder().model("m").system("Be brief.")
                .messages(List.of(Message.text(Role.USER, "Weather?"),
                        new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Looking."),
                                new ContentPart.ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
                                new ContentPart.ToolCall("toolu_2", "get_weather", "{\"city\":\"Rome\""))),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("toolu_1", "get_weather", "sunny", false),
                                new ContentPart.ToolResult("toolu_2", "get_weather", "[{\"t\":1}]", false),
                                new ContentPart.ToolResult("toolu_x", "other", "boom", true)))))
                .tools(List.of(new ToolDefinition("get_weather", "Weather", schema)))
                .toolChoice(ToolChoice.REQUIRED).temperature(0.5).topP(0.9).topK(40).maxTokens(100)
                .stop(List.of("END")).seed(7L).presencePenalty(0.1).frequencyPenalty(0.2).stream(true).build();
        UpstreamRequest up = codec.encodeRequest(r, "command-r", key);
        assertEquals("https://api.cohere.com/v1/chat", up.url());
        assertEquals("Bearer secret-key", up.headers().get("Authorization"));
        assertEquals("application/json", up.headers().get("Content-Type"));
        assertFalse(up.headers().containsKey("Accepts"), "v1 streams stay NDJSON");
        assertTrue(up.stream());
        JsonNode b = Json.MAPPER.readTree(up.body());
        assertEquals("command-r", b.get("model").asText());
        assertEquals("Be brief.", b.get("preamble").asText());
        assertEquals("", b.get("message").asText());
        assertEquals(2, b.get("chat_history").size());
        assertEquals("USER", b.at("/chat_history/0/role").asText());
        assertEquals("CHATBOT", b.at("/chat_history/1/role").asText());
        assertEquals("Looking.", b.at("/chat_history/1/message").asText());
        assertEquals("Paris", b.at("/chat_history/1/tool_calls/0/parameters/city").asText());
        assertEquals("{\"city\":\"Rome\"", b.at("/chat_history/1/tool_calls/1/parameters/_raw").asText(),
                "unparseable arguments are wrapped as _raw");
        JsonNode results = b.get("tool_results");
        assertEquals("get_weather", results.at("/0/call/name").asText());
        assertEquals("Paris", results.at("/0/call/parameters/city").asText());
        assertEquals("[{\"output\":\"sunny\"}]", Json.text(results.at("/0/outputs")));
        assertEquals("[{\"t\":1}]", Json.text(results.at("/1/outputs")), "arrays pass as-is");
        assertEquals("other", results.at("/2/call/name").asText(), "unknown id: the result's own name");
        assertEquals("[{\"error\":\"boom\"}]", Json.text(results.at("/2/outputs")));
        assertFalse(b.has("tool_choice"));
        JsonNode defs = b.at("/tools/0/parameter_definitions");
        assertEquals("{\"description\":\"City\",\"type\":\"str\",\"required\":true}", Json.text(defs.get("city")));
        assertEquals("int", defs.at("/days/type").asText());
        assertEquals("List[str]", defs.at("/tags/type").asText());
        assertEquals("dict", defs.at("/opts/type").asText());
        assertEquals("Options", defs.at("/opts/description").asText());
        assertEquals("bool", defs.at("/exact/type").asText());
        assertEquals("float", defs.at("/ratio/type").asText());
        assertFalse(defs.at("/days/required").asBoolean());
        assertEquals(0.5, b.get("temperature").asDouble());
        assertEquals(0.9, b.get("p").asDouble());
        assertEquals(40, b.get("k").asInt());
        assertEquals(100, b.get("max_tokens").asInt());
        assertEquals("END", b.at("/stop_sequences/0").asText());
        assertEquals(7, b.get("seed").asLong());
        assertEquals(0.1, b.get("presence_penalty").asDouble());
        assertEquals(0.2, b.get("frequency_penalty").asDouble());
        assertTrue(b.get("stream").asBoolean());
    }

    @Test
    void lastUserTurnBecomesMessage() throws IOException {
        ChatRequest r = ChatRequest.builder().messages(List.of(Message.text(Role.USER, "a"),
                Message.text(Role.ASSISTANT, "b"), Message.text(Role.USER, "c"))).build();
        JsonNode b = encode(r);
        assertEquals("c", b.get("message").asText());
        assertEquals(2, b.get("chat_history").size());
        assertFalse(b.has("tool_results"));
        assertFalse(b.has("stream"));
    }

    @Test
    void imagesAreRejected() {
        ChatRequest r = ChatRequest.builder().messages(List.of(new Message(Role.USER,
                List.of(new ContentPart.Text("what?"), ContentPart.Image.ofUrl("https://x/y.png"))))).build();
        RouterException e = assertThrows(RouterException.class, () -> codec.encodeRequest(r, "m", key));
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        assertEquals("Cohere Chat v1 does not accept images", e.getMessage());
    }

    @Test
    void baseUrlWithPathIsKept() {
        Key custom = new Key(Protocol.COHERE, "https://proxy.example/cohere/v1/", "k");
        assertEquals("https://proxy.example/cohere/v1/chat",
                codec.encodeRequest(decode("cohere/v1/request_text.json"), "m", custom).url());
    }

    @Test
    void passthroughKeepsUnknownFieldsAndReplacesModel() throws IOException {
        byte[] body = "{\"model\":\"public\",\"message\":\"hi\",\"connectors\":[{\"id\":\"web-search\"}],\"stream\":true}"
                .getBytes(StandardCharsets.UTF_8);
        ChatRequest decoded = codec.decodeRequest(body, InboundContext.BODY_ONLY);
        UpstreamRequest up = codec.passthroughRequest(body, decoded, "command-r", key);
        JsonNode b = Json.MAPPER.readTree(up.body());
        assertEquals("command-r", b.get("model").asText());
        assertEquals("web-search", b.at("/connectors/0/id").asText());
        assertTrue(up.stream());
        assertEquals("https://api.cohere.com/v1/chat", up.url());
    }

    @Test
    void resultsLinkByNameAndParametersInAnyOrder() {
        String body = "{\"message\":\"\",\"chat_history\":[{\"role\":\"user\",\"message\":\"q\"},"
                + "{\"role\":\"chatbot\",\"message\":\"\",\"tool_calls\":[{\"name\":\"w\",\"parameters\":{\"c\":\"A\"}},"
                + "{\"name\":\"w\",\"parameters\":{\"c\":\"B\"}}]}],"
                + "\"tool_results\":[{\"call\":{\"name\":\"w\",\"parameters\":{\"c\":\"B\"}},\"outputs\":[{\"t\":2}]},"
                + "{\"call\":{\"name\":\"w\",\"parameters\":{\"c\":\"A\"}},\"outputs\":[{\"t\":1},{\"t\":3}]},"
                + "{\"call\":{\"name\":\"unknown\",\"parameters\":{}},\"outputs\":[{\"error\":\"boom\"}]}]}";
        ChatRequest r = codec.decodeRequest(body.getBytes(StandardCharsets.UTF_8), InboundContext.BODY_ONLY);
        List<ContentPart> calls = r.messages().get(1).content();
        List<ContentPart> results = r.messages().get(2).content();
        ContentPart.ToolResult forB = (ContentPart.ToolResult) results.get(0);
        ContentPart.ToolResult forA = (ContentPart.ToolResult) results.get(1);
        ContentPart.ToolResult orphan = (ContentPart.ToolResult) results.get(2);
        assertEquals(((ContentPart.ToolCall) calls.get(1)).id(), forB.toolCallId());
        assertEquals(((ContentPart.ToolCall) calls.get(0)).id(), forA.toolCallId());
        assertEquals("{\"t\":2}", forB.content());
        assertEquals("[{\"t\":1},{\"t\":3}]", forA.content(), "several outputs kept as a JSON array");
        assertTrue(orphan.isError());
        assertEquals("boom", orphan.content());
        assertEquals("unknown", orphan.name());
        assertTrue(orphan.toolCallId().startsWith("call_"), "an orphan result still gets a deterministic id");
    }

    @Test
    void pythonTypesBecomeJsonSchema() throws IOException {
        String body = "{\"message\":\"x\",\"tools\":[{\"name\":\"f\",\"description\":\"d\",\"parameter_definitions\":{"
                + "\"a\":{\"type\":\"List[str]\"},\"b\":{\"type\":\"dict\",\"required\":true},\"c\":{\"type\":\"float\"},"
                + "\"d\":{\"type\":\"bool\"},\"e\":{\"type\":\"Weird\",\"description\":\"kept\"},\"g\":{\"type\":\"list\"}}}]}";
        ChatRequest r = codec.decodeRequest(body.getBytes(StandardCharsets.UTF_8), InboundContext.BODY_ONLY);
        assertEquals(Json.MAPPER.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"items\":"
                + "{\"type\":\"string\"}},\"b\":{\"type\":\"object\"},\"c\":{\"type\":\"number\"},\"d\":{\"type\":\"boolean\"},"
                + "\"e\":{\"description\":\"kept\"},\"g\":{\"type\":\"array\"}},\"required\":[\"b\"]}"),
                r.tools().get(0).parameters());
        assertEquals("d", r.tools().get(0).description());
        JsonNode defs = encode(r).at("/tools/0/parameter_definitions");
        assertEquals("List[str]", defs.at("/a/type").asText());
        assertEquals("dict", defs.at("/b/type").asText());
        assertTrue(defs.at("/b/required").asBoolean());
        assertEquals("list", defs.at("/g/type").asText());
    }

    @Test
    void conversationEndingWithAssistantSendsEmptyMessage() throws IOException {
        ChatRequest r = ChatRequest.builder().messages(List.of(Message.text(Role.USER, "a"),
                Message.text(Role.ASSISTANT, "b"))).build();
        JsonNode b = encode(r);
        assertEquals("", b.get("message").asText());
        assertEquals(2, b.get("chat_history").size());
    }

    @Test
    void malformedInputYieldsOnlyInvalidRequest() {
        List<String> bad = List.of("", "nope", "[]", "{}", "{\"message\":3}", "{\"message\":\"x\",\"chat_history\":{}}",
                "{\"message\":\"x\",\"chat_history\":[1]}", "{\"message\":\"x\",\"chat_history\":[{\"role\":5}]}",
                "{\"message\":\"x\",\"chat_history\":[{\"role\":\"ROBOT\",\"message\":\"x\"}]}",
                "{\"message\":\"x\",\"chat_history\":[{\"role\":\"CHATBOT\",\"tool_calls\":[{\"name\":1}]}]}",
                "{\"message\":\"\",\"tool_results\":[{\"outputs\":[]}]}",
                "{\"message\":\"\",\"tool_results\":[{\"call\":{\"name\":\"f\"},\"outputs\":\"x\"}]}",
                "{\"message\":\"x\",\"tools\":[{\"name\":\"f\",\"parameter_definitions\":[]}]}",
                "{\"message\":\"x\",\"temperature\":\"hot\"}", "{\"message\":\"x\",\"k\":1.5}",
                "{\"message\":\"x\",\"stop_sequences\":[1]}", "{\"message\":\"x\",\"stream\":\"yes\"}",
                "{\"message\":\"\"}", "{\"message\":\"x\"} trailing");
        for (String s : bad) {
            RouterException e = assertThrows(RouterException.class,
                    () -> codec.decodeRequest(s.getBytes(StandardCharsets.UTF_8), InboundContext.BODY_ONLY), s);
            assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind(), s);
        }
    }

    @Test
    void randomGarbageYieldsOnlyRouterException() {
        java.util.Random random = new java.util.Random(42);
        String[] atoms = {"{", "}", "[", "]", ",", ":", "\"message\"", "\"chat_history\"", "\"role\"", "\"USER\"",
            "\"tool_results\"", "\"call\"", "\"tools\"", "null", "1", "\"x\"", "true", "\"parameters\"", "\"outputs\""};
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = random.nextInt(30); j >= 0; j--) {
                sb.append(atoms[random.nextInt(atoms.length)]);
            }
            byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
            try {
                codec.decodeRequest(body, InboundContext.BODY_ONLY);
            } catch (RouterException expected) {
                // the only allowed failure
            }
        }
    }

    @Test
    void whatTheFlatParameterDefinitionsCannotStateIsNamedInTheClientsTerms() {
        ObjectNode flat = (ObjectNode) Json.tryParse("""
                {"type":"object","properties":{"city":{"type":"string","description":"City"},
                 "days":{"type":"array","items":{"type":"integer"}}},"required":["city"]}""");
        ObjectNode deep = (ObjectNode) Json.tryParse("""
                {"type":"object","properties":{"unit":{"type":"string","enum":["C","F"]},
                 "where":{"type":"object","properties":{"lat":{"type":"number"}}}},"additionalProperties":false}""");
        Drops kept = Drops.recording();
        codec.encodeRequest(toolRequest(flat), new Outbound("command-r",
                new Key(Protocol.COHERE, "https://api.cohere.com", "k"), kept));
        assertTrue(kept.isEmpty(), kept.names().toString());

        Drops anthropicClient = Drops.forAttempt(false,
                Codecs.defaults().of(Protocol.ANTHROPIC)::fieldName);
        JsonNode body = Json.tryParse(new String(codec.encodeRequest(toolRequest(deep),
                new Outbound("command-r", new Key(Protocol.COHERE, "https://api.cohere.com",
                        "k"), anthropicClient)).body(), StandardCharsets.UTF_8));
        assertEquals("dict", body.at("/tools/0/parameter_definitions/where/type").asText());
        assertEquals(Set.of("tools[].input_schema"), anthropicClient.names());
        RouterException strict = assertThrows(RouterException.class, () -> codec.encodeRequest(toolRequest(deep),
                new Outbound("command-r", new Key(Protocol.COHERE,
                        "https://api.cohere.com", "k"), Drops.forAttempt(true,
                        Codecs.defaults().of(Protocol.OPENAI)::fieldName))));
        assertTrue(strict.getMessage().contains("tools[].function.parameters"), strict.getMessage());
    }

    private static ChatRequest toolRequest(ObjectNode schema) {
        return ChatRequest.builder().model("m").tools(List.of(new ToolDefinition("weather", "Weather", schema)))
                .messages(List.of(Message.text(Role.USER, "Weather?"))).build();
    }
}
