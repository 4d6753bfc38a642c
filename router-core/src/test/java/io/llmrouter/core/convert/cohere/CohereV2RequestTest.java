package io.llmrouter.core.convert.cohere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohereV2RequestTest {

    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.COHERE_V2);
    private final Key key = new Key(Protocol.COHERE_V2, "https://api.cohere.com", "secret-key");

    private ChatRequest decode(String fixture) {
        return codec.decodeRequest(Fixtures.bytes(fixture), InboundContext.BODY_ONLY);
    }

    @Test
    void decodesTextAndStreamRequests() {
        ChatRequest r = decode("cohere/v2/request_text.json");
        assertEquals("command-r", r.model());
        assertEquals(List.of(Message.text(Role.USER, "I'm Pickle Rick")), r.messages());
        assertFalse(r.stream());
        ChatRequest s = decode("cohere/v2/request_stream.json");
        assertTrue(s.stream());
        assertTrue(s.includeUsage());
    }

    @Test
    void decodesToolsAsGiven() {
        ChatRequest r = decode("cohere/v2/request_stream_tools.json");
        ToolDefinition t = r.tools().get(0);
        assertEquals("Person", t.name());
        assertEquals("int", t.parameters().at("/properties/age/type").asText(), "LangChain's 'int' is passed on");
        assertEquals(0.0, r.temperature());
        ChatRequest tools = decode("cohere/v2/request_tools.json");
        assertEquals("Person", tools.tools().get(0).name());
    }

    @Test
    void decodesSystemAndTools() {
        ChatRequest r = decode("cohere/v2/request_system_tools.json");
        assertEquals("You are a helpful assistant. Respond only in English.", r.system());
        assertEquals(1, r.messages().size());
        assertEquals(2, r.tools().size());
        assertEquals("string", r.tools().get(0).parameters().at("/properties/query/type").asText());
    }

    @Test
    void decodesToolPlanCallsAndDocumentResult() {
        ChatRequest r = decode("cohere/v2/request_tool_result.json");
        assertEquals(3, r.messages().size());
        Message bot = r.messages().get(1);
        assertEquals(new ContentPart.Text("I will first search for Barack Obama's age. Then, I will use Python to find "
                + "the square root of his age."), bot.content().get(0));
        assertEquals(new ContentPart.ToolCall("web_search_eyqpk2grf0f7", "web_search",
                "{\"query\": \"Barack Obama's age\"}"), bot.content().get(1));
        assertEquals(new ContentPart.ToolResult("web_search_eyqpk2grf0f7", "web_search", "60", false),
                r.messages().get(2).content().get(0));
    }

    @Test
    void decodesBase64Image() {
        ChatRequest r = decode("cohere/v2/request_image_base64.json");
        Message m = r.messages().get(0);
        assertEquals(new ContentPart.Text("Describe this image"), m.content().get(0));
        assertEquals(ContentPart.Image.ofBase64("image/png", PNG), m.content().get(1));
    }

    @Test
    void decodesConstructedFullRequest() {
        ChatRequest r = decode("constructed/cohere/v2_request_full.json");
        assertEquals("command-a-vision-07-2025", r.model());
        assertEquals(ToolChoice.REQUIRED, r.toolChoice());
        assertEquals(0.75, r.topP());
        assertEquals(0, r.topK());
        assertEquals(512, r.maxTokens());
        assertTrue(r.stream());
        assertEquals(ContentPart.Image.ofBase64("image/png", PNG), r.messages().get(0).content().get(1));
        ContentPart.ToolResult res = (ContentPart.ToolResult) r.messages().get(2).content().get(0);
        assertEquals("get_weather", res.name());
        assertEquals("{\"temperature_c\": 21}", res.content());
    }

    @Test
    void roundTripsEveryRequestFixture() {
        for (String f : List.of("cohere/v2/request_text.json", "cohere/v2/request_stream.json",
                "cohere/v2/request_tools.json", "cohere/v2/request_stream_tools.json",
                "cohere/v2/request_system_tools.json", "cohere/v2/request_tool_result.json",
                "cohere/v2/request_image_base64.json", "constructed/cohere/v2_request_full.json")) {
            ChatRequest first = decode(f);
            ChatRequest second = codec.decodeRequest(codec.encodeRequest(first, first.model(), key).body(),
                    InboundContext.BODY_ONLY);
            assertEquals(first, second, f);
        }
    }

    @Test
    void roundTripsRichIr() {
        ChatRequest r = richRequest(ToolChoice.NONE);
        ChatRequest back = codec.decodeRequest(codec.encodeRequest(r, "command-a", key).body(), InboundContext.BODY_ONLY);
        assertEquals(r.withModel("command-a"), back);
    }

    @Test
    void encodesRichRequest() throws IOException {
        UpstreamRequest up = codec.encodeRequest(richRequest(ToolChoice.named("get_weather")), "command-a", key);
        assertEquals("https://api.cohere.com/v2/chat", up.url());
        assertEquals("Bearer secret-key", up.headers().get("Authorization"));
        JsonNode b = Json.MAPPER.readTree(up.body());
        assertEquals("command-a", b.get("model").asText());
        assertEquals("system", b.at("/messages/0/role").asText());
        assertEquals("image_url", b.at("/messages/2/content/1/type").asText());
        assertEquals("https://example.com/cat.png", b.at("/messages/2/content/1/image_url/url").asText());
        assertEquals("data:image/png;base64," + PNG, b.at("/messages/2/content/2/image_url/url").asText());
        assertEquals("Checking.", b.at("/messages/3/tool_plan").asText());
        assertFalse(b.at("/messages/3").has("content"));
        assertEquals("{\"city\":\"Paris\"}", b.at("/messages/3/tool_calls/0/function/arguments").asText());
        assertEquals("tool", b.at("/messages/4/role").asText());
        assertEquals("c1", b.at("/messages/4/tool_call_id").asText());
        assertEquals("c2", b.at("/messages/5/tool_call_id").asText());
        assertEquals("down", b.at("/messages/5/content/0/document/data/error").asText());
        assertEquals("REQUIRED", b.get("tool_choice").asText());
        assertEquals(1, b.get("tools").size(), "NAMED narrows tools to the named one");
        assertEquals("get_weather", b.at("/tools/0/function/name").asText());
        assertEquals(0.9, b.get("p").asDouble());
        assertEquals(3, b.get("k").asInt());
    }

    static ChatRequest richRequest(ToolChoice choice) {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        schema.putObject("properties").putObject("city").put("type", "string").put("description", "City name");
        schema.putArray("required").add("city");
        return ChatRequest.builder().model("command-a").system("Be brief.")
                .messages(List.of(
                        Message.text(Role.USER, "Hi"),
                        new Message(Role.USER, List.of(new ContentPart.Text("Look"),
                                ContentPart.Image.ofUrl("https://example.com/cat.png"),
                                ContentPart.Image.ofBase64("image/png", PNG))),
                        new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Checking."),
                                new ContentPart.ToolCall("c1", "get_weather", "{\"city\":\"Paris\"}"),
                                new ContentPart.ToolCall("c2", "get_time", "{}"))),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c1", "get_weather", "sunny", false),
                                new ContentPart.ToolResult("c2", "get_time", "down", true))),
                        Message.text(Role.ASSISTANT, "It is sunny."),
                        Message.text(Role.USER, "Thanks")))
                .tools(List.of(new ToolDefinition("get_weather", "Weather", schema),
                        new ToolDefinition("get_time", null, Json.object().put("type", "object"))))
                .toolChoice(choice).temperature(0.2).topP(0.9).topK(3).maxTokens(64).stop(List.of("STOP"))
                .seed(11L).presencePenalty(0.5).frequencyPenalty(0.25).stream(true).includeUsage(true).build();
    }

    @Test
    void consecutiveToolMessagesMergeAndLateSystemFolds() {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"a\",\"type\":"
                + "\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},{\"id\":\"b\",\"type\":\"function\","
                + "\"function\":{\"name\":\"g\",\"arguments\":{\"x\":1}}}]},{\"role\":\"tool\",\"tool_call_id\":\"a\","
                + "\"content\":\"1\"},{\"role\":\"tool\",\"tool_call_id\":\"b\",\"content\":[{\"type\":\"text\",\"text\":"
                + "\"2\"}]},{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"late rule\"}]}]}";
        ChatRequest r = codec.decodeRequest(body.getBytes(StandardCharsets.UTF_8), InboundContext.BODY_ONLY);
        assertEquals("late rule", r.system(), "mid-conversation system messages fold into system");
        assertEquals(2, r.messages().size());
        assertEquals("{\"x\":1}", ((ContentPart.ToolCall) r.messages().get(0).content().get(1)).arguments());
        Message tool = r.messages().get(1);
        assertEquals(List.of(new ContentPart.ToolResult("a", "f", "1", false),
                new ContentPart.ToolResult("b", "g", "2", false)), tool.content());
    }

    @Test
    void passthroughKeepsUnknownFields() throws IOException {
        byte[] body = "{\"model\":\"pub\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"documents\":[\"d\"],\"safety_mode\":\"OFF\"}"
                .getBytes(StandardCharsets.UTF_8);
        UpstreamRequest up = codec.passthroughRequest(body, codec.decodeRequest(body, InboundContext.BODY_ONLY),
                "command-a", key);
        JsonNode b = Json.MAPPER.readTree(up.body());
        assertEquals("command-a", b.get("model").asText());
        assertEquals("OFF", b.get("safety_mode").asText());
        assertEquals("d", b.at("/documents/0").asText());
        assertFalse(up.stream());
    }

    @Test
    void malformedInputYieldsOnlyInvalidRequest() {
        List<String> bad = List.of("", "x", "{}", "{\"model\":\"m\"}", "{\"model\":\"m\",\"messages\":[]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "{\"model\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "{\"model\":\"m\",\"messages\":{}}", "{\"model\":\"m\",\"messages\":[\"hi\"]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":1}]}", "{\"model\":\"m\",\"messages\":[{\"role\":\"bot\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"a\"}]}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tool_choice\":\"ANY\"}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"9\"}");
        for (String s : bad) {
            RouterException e = assertThrows(RouterException.class,
                    () -> codec.decodeRequest(s.getBytes(StandardCharsets.UTF_8), InboundContext.BODY_ONLY), s);
            assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind(), s);
        }
    }

    @Test
    void randomGarbageYieldsOnlyRouterException() {
        java.util.Random random = new java.util.Random(7);
        String[] atoms = {"{", "}", "[", "]", ",", ":", "\"model\"", "\"messages\"", "\"role\"", "\"user\"",
            "\"tool\"", "\"assistant\"", "\"content\"", "\"tool_calls\"", "\"function\"", "\"type\"", "\"image_url\"",
            "\"document\"", "null", "1", "\"x\"", "true"};
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = random.nextInt(30); j >= 0; j--) {
                sb.append(atoms[random.nextInt(atoms.length)]);
            }
            try {
                codec.decodeRequest(sb.toString().getBytes(StandardCharsets.UTF_8), InboundContext.BODY_ONLY);
            } catch (RouterException expected) {
                // the only allowed failure
            }
        }
    }
}
