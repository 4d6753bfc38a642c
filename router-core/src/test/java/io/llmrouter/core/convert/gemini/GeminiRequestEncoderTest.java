package io.llmrouter.core.convert.gemini;

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
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiRequestEncoderTest {

    private static final Key KEY = new Key(Protocol.GEMINI, "https://generativelanguage.googleapis.com", "secret-key");
    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.GEMINI);

    private static JsonNode body(UpstreamRequest r) {
        return Json.tryParse(new String(r.body(), StandardCharsets.UTF_8));
    }

    private static ObjectNode schema(String json) {
        return (ObjectNode) Json.tryParse(json);
    }

    @Test
    void urlHeadersAndStreamMethod() {
        ChatRequest req = ChatRequest.builder().messages(List.of(Message.text(Role.USER, "hi"))).build();
        UpstreamRequest plain = codec.encodeRequest(req, "models/gemini-2.0-flash", KEY);
        assertEquals("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent",
                plain.url());
        assertEquals("secret-key", plain.headers().get("x-goog-api-key"));
        assertEquals("application/json", plain.headers().get("content-type"));
        assertFalse(plain.stream());
        assertFalse(body(plain).has("model"));
        UpstreamRequest stream = codec.encodeRequest(req.toBuilder().stream(true).build(), "gemini-2.0-flash",
                new Key(Protocol.GEMINI, "https://proxy.example/gemini/v1beta/", "k"));
        assertEquals("https://proxy.example/gemini/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
                stream.url());
        assertTrue(stream.stream());
    }

    @Test
    void theModelStaysOnePathSegmentOfTheUrl() {
        ChatRequest req = ChatRequest.builder().messages(List.of(Message.text(Role.USER, "hi"))).build();
        String base = "https://generativelanguage.googleapis.com/v1beta";
        // Refused at start-up (Endpoint.validate), and encoded here all the same: it cannot leave its segment.
        assertEquals(base + "/models/..%2F..%2Fevil%3Fkey%3Dabc%23frag:generateContent",
                codec.encodeRequest(req, "../../evil?key=abc#frag", KEY).url());
        assertEquals(base + "/models/gemini%202.0:generateContent", codec.encodeRequest(req, "gemini 2.0", KEY).url());
        assertEquals(base + "/models/gemini-2.0-flash-001:generateContent",
                codec.encodeRequest(req, "models/gemini-2.0-flash-001", KEY).url());
        assertEquals(base + "/tunedModels/my-model-7f3a:generateContent",
                codec.encodeRequest(req, "tunedModels/my-model-7f3a", KEY).url());
    }

    @Test
    void theStableV1ApiGetsTheSystemPromptInTheFirstUserTurn() {
        ChatRequest req = ChatRequest.builder().system("Be terse.")
                .messages(List.of(Message.text(Role.USER, "hi"), Message.text(Role.ASSISTANT, "Hello."),
                        Message.text(Role.USER, "And?"))).build();
        Key v1 = new Key(Protocol.GEMINI, "https://generativelanguage.googleapis.com/v1", "k");
        JsonNode b = body(codec.encodeRequest(req, "gemini-2.0-flash", v1));
        assertFalse(b.has("systemInstruction"), b.toString());
        assertEquals(3, b.path("contents").size());
        JsonNode firstParts = b.path("contents").get(0).path("parts");
        assertEquals("Be terse.", firstParts.get(0).path("text").asText());
        assertEquals("hi", firstParts.get(1).path("text").asText());
        // A conversation that starts with a model turn gets a user turn of its own for it.
        ChatRequest prefilled = req.toBuilder().messages(List.of(Message.text(Role.ASSISTANT, "Hello."))).build();
        JsonNode p = body(codec.encodeRequest(prefilled, "gemini-2.0-flash", v1));
        assertEquals("user", p.path("contents").get(0).path("role").asText());
        assertEquals("Be terse.", p.path("contents").get(0).path("parts").get(0).path("text").asText());
        assertEquals("model", p.path("contents").get(1).path("role").asText());
        // v1beta (the default) and other paths keep systemInstruction.
        assertEquals("Be terse.", body(codec.encodeRequest(req, "gemini-2.0-flash", KEY)).path("systemInstruction")
                .path("parts").get(0).path("text").asText());
        assertTrue(body(codec.encodeRequest(req, "gemini-2.0-flash", new Key(Protocol.GEMINI,
                "https://proxy.example/gemini/v1beta", "k"))).has("systemInstruction"));
    }

    @Test
    void fullRequestShape() {
        ChatRequest req = ChatRequest.builder().system("be brief")
                .messages(List.of(Message.text(Role.USER, "weather?"),
                        new Message(Role.ASSISTANT, List.of(new ContentPart.Text("checking"),
                                new ContentPart.ToolCall("c1", "get_weather", "{\"city\":\"Paris\"}"),
                                new ContentPart.ToolCall("c2", "get_weather", "{\"city\":\"Rome\"}"))),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c1", null, "sunny", false))),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c2", "get_weather",
                                "{\"t\":21}", false))),
                        Message.text(Role.USER, "thanks")))
                .tools(List.of(new ToolDefinition("get_weather", "weather", schema(
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"))))
                .toolChoice(ToolChoice.named("get_weather")).temperature(0.5).topP(0.9).topK(4).maxTokens(100)
                .stop(List.of("END")).seed(3L).presencePenalty(0.1).frequencyPenalty(0.2).build();
        JsonNode b = body(codec.encodeRequest(req, "gemini-2.5-flash", KEY));
        assertEquals("be brief", b.at("/systemInstruction/parts/0/text").asText());
        JsonNode contents = b.get("contents");
        // TOOL, TOOL, USER all map to role user and merge into one content: strict alternation.
        assertEquals(3, contents.size());
        assertEquals("user", contents.get(0).get("role").asText());
        assertEquals("model", contents.get(1).get("role").asText());
        assertEquals("Paris", contents.at("/1/parts/1/functionCall/args/city").asText());
        assertEquals("c1", contents.at("/1/parts/1/functionCall/id").asText());
        assertEquals(GeminiRequestEncoder.SIGNATURE_BYPASS, contents.at("/1/parts/1/thoughtSignature").asText());
        assertTrue(contents.at("/1/parts/2/thoughtSignature").isMissingNode());
        JsonNode user = contents.get(2);
        assertEquals("user", user.get("role").asText());
        assertEquals("get_weather", user.at("/parts/0/functionResponse/name").asText()); // recovered by id
        assertEquals("sunny", user.at("/parts/0/functionResponse/response/output").asText());
        assertEquals(21, user.at("/parts/1/functionResponse/response/t").asInt());
        assertEquals("thanks", user.at("/parts/2/text").asText());
        assertEquals("get_weather", b.at("/tools/0/functionDeclarations/0/name").asText());
        assertEquals("ANY", b.at("/toolConfig/functionCallingConfig/mode").asText());
        assertEquals("get_weather", b.at("/toolConfig/functionCallingConfig/allowedFunctionNames/0").asText());
        JsonNode g = b.get("generationConfig");
        assertEquals(0.5, g.get("temperature").asDouble());
        assertEquals(0.9, g.get("topP").asDouble());
        assertEquals(4, g.get("topK").asInt());
        assertEquals(100, g.get("maxOutputTokens").asInt());
        assertEquals("END", g.get("stopSequences").get(0).asText());
        assertEquals(3, g.get("seed").asInt());
        assertEquals(0.1, g.get("presencePenalty").asDouble());
        assertEquals(0.2, g.get("frequencyPenalty").asDouble());
    }

    @Test
    void toolResultShapes() {
        assertEquals("{\"output\":\"plain\"}", Json.text(GeminiToolResults.toResponse(
                new ContentPart.ToolResult("i", "f", "plain", false))));
        assertEquals("{\"output\":[1,2]}", Json.text(GeminiToolResults.toResponse(
                new ContentPart.ToolResult("i", "f", "[1,2]", false))));
        assertEquals("{\"error\":\"bad\"}", Json.text(GeminiToolResults.toResponse(
                new ContentPart.ToolResult("i", "f", "bad", true))));
        assertEquals("{\"a\":1}", Json.text(GeminiToolResults.toResponse(
                new ContentPart.ToolResult("i", "f", "{\"a\":1}", false))));
        assertEquals("{\"output\":{\"output\":1}}", Json.text(GeminiToolResults.toResponse(
                new ContentPart.ToolResult("i", "f", "{\"output\":1}", false))));
    }

    @Test
    void unparsableArgumentsAreWrapped() {
        assertEquals("{\"_raw\":\"{\\\"a\\\":\"}", Json.text(ToolArguments.toObject("{\"a\":")));
        assertEquals("{}", Json.text(ToolArguments.toObject("")));
    }

    @Test
    void toolChoiceModes() {
        ChatRequest base = ChatRequest.builder().messages(List.of(Message.text(Role.USER, "x"))).build();
        assertEquals("AUTO", mode(base.toBuilder().toolChoice(ToolChoice.AUTO).build()));
        assertEquals("NONE", mode(base.toBuilder().toolChoice(ToolChoice.NONE).build()));
        assertEquals("ANY", mode(base.toBuilder().toolChoice(ToolChoice.REQUIRED).build()));
        assertTrue(body(codec.encodeRequest(base, "m", KEY)).path("toolConfig").isMissingNode());
        assertTrue(body(codec.encodeRequest(base, "m", KEY)).path("generationConfig").isMissingNode());
    }

    private String mode(ChatRequest r) {
        return body(codec.encodeRequest(r, "m", KEY)).at("/toolConfig/functionCallingConfig/mode").asText();
    }

    @Test
    void imagesInlineFileUriAndRefusedWebUrl() {
        ChatRequest ok = ChatRequest.builder().messages(List.of(new Message(Role.USER, List.of(
                ContentPart.Image.ofBase64("image/png", "AAAA"),
                ContentPart.Image.ofUrl("gs://bucket/cat.png"),
                ContentPart.Image.ofUrl("https://generativelanguage.googleapis.com/v1beta/files/abc"))))).build();
        JsonNode parts = body(codec.encodeRequest(ok, "m", KEY)).at("/contents/0/parts");
        assertEquals("image/png", parts.at("/0/inlineData/mimeType").asText());
        assertEquals("AAAA", parts.at("/0/inlineData/data").asText());
        assertEquals("gs://bucket/cat.png", parts.at("/1/fileData/fileUri").asText());
        assertEquals("image/png", parts.at("/1/fileData/mimeType").asText());
        assertEquals("image/jpeg", parts.at("/2/fileData/mimeType").asText());
        ChatRequest web = ChatRequest.builder().messages(List.of(new Message(Role.USER, List.of(
                ContentPart.Image.ofUrl("https://example.com/cat.jpg"))))).build();
        RouterException e = assertThrows(RouterException.class, () -> codec.encodeRequest(web, "m", KEY));
        assertEquals(400, e.error().status());
        assertTrue(e.getMessage().contains("base64"));
    }

    @Test
    void toolResultWithoutNameOrMatchingCallIs400() {
        ChatRequest r = ChatRequest.builder().messages(List.of(new Message(Role.TOOL, List.of(
                new ContentPart.ToolResult("zzz", null, "x", false))))).build();
        assertThrows(RouterException.class, () -> codec.encodeRequest(r, "m", KEY));
    }

    @Test
    void schemaSanitizedForGeminiSubset() {
        ObjectNode s = schema("""
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
                 "title":"Args","strict":true,
                 "properties":{
                   "name":{"type":["string","null"],"format":"email","default":"x","examples":["a"]},
                   "kind":{"const":"fixed"},
                   "count":{"type":"integer","exclusiveMinimum":0,"format":"int32"},
                   "level":{"type":"integer","enum":[1,2]},
                   "tags":{"type":"array","items":{"type":"string","pattern":"^a"}},
                   "addr":{"$ref":"#/$defs/Address"},
                   "either":{"oneOf":[{"type":"string"},{"type":"number"}]},
                   "empty":{"type":"object","properties":{}},
                   "both":{"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},
                                    {"properties":{"b":{"type":"string"}}}]}
                 },
                 "required":["name","ghost"],
                 "$defs":{"Address":{"type":"object","properties":{"city":{"type":"string"}},
                          "additionalProperties":false}}}""");
        ObjectNode out = GeminiSchemas.sanitizeParameters(s, Drops.recording());
        assertFalse(out.has("$schema"));
        assertFalse(out.has("additionalProperties"));
        assertFalse(out.has("$defs"));
        assertFalse(out.has("strict"));
        assertEquals("Args", out.get("title").asText());
        JsonNode p = out.get("properties");
        assertEquals("string", p.at("/name/type").asText());
        assertTrue(p.at("/name/nullable").asBoolean());
        assertTrue(p.at("/name/format").isMissingNode());
        assertTrue(p.at("/name/default").isMissingNode());
        assertTrue(p.at("/name/examples").isMissingNode());
        assertEquals("fixed", p.at("/kind/enum/0").asText());
        assertEquals("string", p.at("/kind/type").asText());
        assertTrue(p.at("/count/exclusiveMinimum").isMissingNode());
        assertEquals("int32", p.at("/count/format").asText());
        assertTrue(p.at("/level/enum").isMissingNode());
        assertTrue(p.at("/tags/items/pattern").isMissingNode());
        assertEquals("string", p.at("/addr/properties/city/type").asText());
        assertFalse(p.get("addr").has("additionalProperties"));
        assertEquals(2, p.at("/either/anyOf").size());
        assertFalse(p.get("empty").has("properties"));
        assertEquals("string", p.at("/both/properties/b/type").asText());
        assertEquals("a", p.at("/both/required/0").asText());
        assertEquals(1, out.get("required").size());
        assertEquals("name", out.get("required").get(0).asText());
    }

    @Test
    void parameterlessSchemaIsOmitted() {
        assertNull(GeminiSchemas.sanitizeParameters(schema("{\"type\":\"object\",\"properties\":{}}"),
                Drops.recording()));
        assertNull(GeminiSchemas.sanitizeParameters(null, Drops.recording()));
        ChatRequest r = ChatRequest.builder().messages(List.of(Message.text(Role.USER, "x")))
                .tools(List.of(new ToolDefinition("now", null, schema("{\"type\":\"object\"}")))).build();
        JsonNode decl = body(codec.encodeRequest(r, "m", KEY)).at("/tools/0/functionDeclarations/0");
        assertEquals("now", decl.get("name").asText());
        assertFalse(decl.has("parameters"));
    }

    @Test
    void recursiveRefsTerminate() {
        ObjectNode s = schema("""
                {"type":"object","properties":{"node":{"$ref":"#/$defs/Node"}},
                 "$defs":{"Node":{"type":"object","properties":{"child":{"$ref":"#/$defs/Node"},"v":{"type":"string"}}}}}""");
        ObjectNode out = GeminiSchemas.sanitizeParameters(s, Drops.recording());
        assertEquals("string", out.at("/properties/node/properties/v/type").asText());
    }

    @Test
    void requestRoundTripThroughGemini() {
        ChatRequest original = ChatRequest.builder().model("gemini-2.5-flash").system("sys")
                .messages(List.of(
                        new Message(Role.USER, List.of(new ContentPart.Text("look"),
                                ContentPart.Image.ofBase64("image/png", "AAAA"))),
                        new Message(Role.ASSISTANT, List.of(new ContentPart.Text("ok"),
                                new ContentPart.ToolCall("c1", "f", "{\"a\":1}"))),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c1", "f", "done", false),
                                new ContentPart.ToolResult("c1", "f", "{\"x\":[1]}", false))),
                        Message.text(Role.USER, "next")))
                .tools(List.of(new ToolDefinition("f", "does f", schema(
                        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},\"required\":[\"a\"]}"))))
                .toolChoice(ToolChoice.REQUIRED).temperature(0.3).topP(0.5).topK(7).maxTokens(99)
                .stop(List.of("x", "y")).seed(11L).presencePenalty(0.1).frequencyPenalty(0.2).build();
        UpstreamRequest up = codec.encodeRequest(original, "gemini-2.5-flash", KEY);
        ChatRequest decoded = codec.decodeRequest(up.body(), InboundContext.gemini("gemini-2.5-flash", false, true));
        assertEquals(original, decoded);
    }

    @Test
    void passthroughKeepsUnknownFieldsAndMovesModelToUrl() {
        byte[] client = Fixtures.bytes("constructed/gemini/request_full_camelcase.json");
        ChatRequest decoded = codec.decodeRequest(client, InboundContext.gemini("gemini-2.5-pro", true, true));
        UpstreamRequest up = codec.passthroughRequest(client, decoded, "models/gemini-2.5-flash", KEY);
        assertEquals("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash"
                + ":streamGenerateContent?alt=sse", up.url());
        assertTrue(up.stream());
        JsonNode b = body(up);
        assertEquals("BLOCK_ONLY_HIGH", b.at("/safetySettings/0/threshold").asText());
        assertEquals(0, b.at("/generationConfig/thinkingConfig/thinkingBudget").asInt());
        assertEquals(Json.tryParse(new String(client, StandardCharsets.UTF_8)), b);
    }
}
