package io.llmrouter.core.convert.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.matrix.ConversionPath.Mode;
import io.llmrouter.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each protocol's own spelling of JSON mode and structured output (docs/protocols.md#what-each-upstream-takes), read
 * from client bodies and written to upstreams. The protocol matrix carries the two scenarios through every pair; this
 * covers the spellings and refusals it does not: OpenAI's name and strict flag, Anthropic's beta field, Gemini's two
 * schema fields and its mime types, Cohere's two schema field names.
 */
class ResponseFormatConversionTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"],\"additionalProperties\":false}";

    private static ChatRequest decode(Protocol client, String body) {
        return ConversionPath.routerDecode(client, body.getBytes(StandardCharsets.UTF_8), Mode.NON_STREAM);
    }

    private static JsonNode upstreamBody(Protocol upstream, ChatRequest request) {
        byte[] body = ConversionPath.CODECS.of(upstream).encodeRequest(request, ConversionPath.UPSTREAM_MODEL,
                ConversionPath.key(upstream)).body();
        return Json.parseObject(body, "upstream body");
    }

    private static ChatRequest withFormat(ResponseFormat format) {
        return ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "Answer in JSON.")))
                .responseFormat(format).build();
    }

    private static String openai(String responseFormat) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"JSON please\"}],\"response_format\":"
                + responseFormat + "}";
    }

    @Test
    void openaiJsonSchemaKeepsItsNameDescriptionAndStrictFlag() {
        ChatRequest r = decode(Protocol.OPENAI, openai("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\","
                + "\"description\":\"Where\",\"strict\":true,\"schema\":" + SCHEMA + "}}"));
        ResponseFormat f = r.responseFormat();
        assertEquals(Json.parseObject(SCHEMA.getBytes(StandardCharsets.UTF_8), "schema"), f.schema());
        assertEquals("city", f.name());
        assertEquals("Where", f.description());
        assertEquals(Boolean.TRUE, f.strict());
        JsonNode spec = upstreamBody(Protocol.OPENAI, r).path("response_format").path("json_schema");
        assertEquals("city", spec.path("name").asText());
        assertEquals("Where", spec.path("description").asText());
        assertTrue(spec.path("strict").asBoolean());
    }

    @Test
    void openaiJsonSchemaWithoutASchemaIsJsonModeKeepingItsName() {
        ResponseFormat f = decode(Protocol.OPENAI, openai("{\"type\":\"json_schema\",\"json_schema\":"
                + "{\"name\":\"anything\"}}")).responseFormat();
        assertFalse(f.hasSchema());
        assertEquals("anything", f.name());
    }

    @Test
    void openaiTextIsNoFormatAndBadFormatsAre400NamingTheField() {
        assertNull(decode(Protocol.OPENAI, openai("{\"type\":\"text\"}")).responseFormat());
        assertFalse(decode(Protocol.OPENAI, openai("{\"type\":\"json_object\"}")).responseFormat().hasSchema());
        for (String bad : new String[] {"\"json\"", "{\"type\":\"yaml\"}", "{}",
                "{\"type\":\"json_schema\"}", "{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}",
                "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":[]}}"}) {
            RouterException e = assertThrows(RouterException.class, () -> decode(Protocol.OPENAI, openai(bad)), bad);
            assertEquals(400, e.error().status(), bad);
            assertTrue(e.getMessage().contains("response_format"), e.getMessage());
        }
    }

    @Test
    void aSchemaFromAProtocolWithoutNamesIsNamedForOpenAi() {
        JsonNode rf = upstreamBody(Protocol.OPENAI, withFormat(ResponseFormat.jsonSchema(
                Json.parseObject(SCHEMA.getBytes(StandardCharsets.UTF_8), "schema")))).path("response_format");
        assertEquals("json_schema", rf.path("type").asText());
        assertEquals("response", rf.path("json_schema").path("name").asText());
        assertFalse(rf.path("json_schema").has("strict"), "strict is only sent when the client set it");
    }

    @Test
    void anthropicReadsOutputConfigAndTheBetaOutputFormatAndWritesOutputConfig() {
        String base = "{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],";
        ChatRequest ga = decode(Protocol.ANTHROPIC, base + "\"output_config\":{\"effort\":\"low\",\"format\":"
                + "{\"type\":\"json_schema\",\"schema\":" + SCHEMA + "}}}");
        ChatRequest beta = decode(Protocol.ANTHROPIC, base + "\"output_format\":{\"type\":\"json_schema\","
                + "\"schema\":" + SCHEMA + "}}");
        assertEquals(ga.responseFormat().schema(), beta.responseFormat().schema());
        JsonNode out = upstreamBody(Protocol.ANTHROPIC, ga);
        assertEquals("json_schema", out.path("output_config").path("format").path("type").asText());
        assertEquals(ga.responseFormat().schema(), out.path("output_config").path("format").path("schema"));
        assertFalse(out.has("output_format"));
        // No schemaless JSON mode in Anthropic: the request goes without it rather than with an invented schema.
        assertFalse(upstreamBody(Protocol.ANTHROPIC, withFormat(ResponseFormat.jsonObject())).has("output_config"));
        RouterException e = assertThrows(RouterException.class, () -> decode(Protocol.ANTHROPIC,
                base + "\"output_config\":{\"format\":{\"type\":\"json_object\"}}}"));
        assertTrue(e.getMessage().contains("output_config.format.type"), e.getMessage());
    }

    @Test
    void geminiReadsBothSchemaFieldsAndOnlyTheJsonMimeType() {
        String base = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":";
        ChatRequest json = decode(Protocol.GEMINI, base + "{\"responseMimeType\":\"application/json\","
                + "\"responseJsonSchema\":" + SCHEMA + "}}");
        assertEquals(Json.parseObject(SCHEMA.getBytes(StandardCharsets.UTF_8), "schema"), json.responseFormat()
                .schema());
        ChatRequest openApi = decode(Protocol.GEMINI, base + "{\"response_mime_type\":\"application/json\","
                + "\"response_schema\":{\"type\":\"OBJECT\",\"properties\":{\"city\":{\"type\":\"STRING\"}}}}}");
        assertEquals("object", openApi.responseFormat().schema().path("type").asText());
        assertEquals("string", openApi.responseFormat().schema().path("properties").path("city").path("type")
                .asText());
        assertFalse(decode(Protocol.GEMINI, base + "{\"responseMimeType\":\"application/json\"}}").responseFormat()
                .hasSchema());
        assertNull(decode(Protocol.GEMINI, base + "{\"responseMimeType\":\"text/x.enum\"}}").responseFormat());
        assertNull(decode(Protocol.GEMINI, base + "{\"responseMimeType\":\"text/plain\"}}").responseFormat());
    }

    @Test
    void geminiGetsTheSchemaInItsSubsetAndJsonModeWhenNothingIsLeftOfIt() {
        JsonNode config = upstreamBody(Protocol.GEMINI, withFormat(ResponseFormat.jsonSchema(
                Json.parseObject(SCHEMA.getBytes(StandardCharsets.UTF_8), "schema")))).path("generationConfig");
        assertEquals("application/json", config.path("responseMimeType").asText());
        assertEquals("string", config.path("responseSchema").path("properties").path("city").path("type").asText());
        // Gemini answers 400 "Unknown name" for keywords outside its subset.
        assertFalse(config.path("responseSchema").has("additionalProperties"));
        JsonNode bare = upstreamBody(Protocol.GEMINI, withFormat(ResponseFormat.jsonSchema(
                Json.object().put("type", "object")))).path("generationConfig");
        assertEquals("application/json", bare.path("responseMimeType").asText());
        assertFalse(bare.has("responseSchema"), "an OBJECT with no properties is refused by Gemini");
    }

    @Test
    void cohereV1NamesTheSchemaSchemaAndV2JsonSchema() {
        String v1 = "{\"model\":\"m\",\"message\":\"hi\",\"response_format\":{\"type\":\"json_object\",\"schema\":"
                + SCHEMA + "}}";
        String v2 = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"response_format\":"
                + "{\"type\":\"json_object\",\"json_schema\":" + SCHEMA + "}}";
        ChatRequest fromV1 = decode(Protocol.COHERE, v1);
        ChatRequest fromV2 = decode(Protocol.COHERE_V2, v2);
        assertEquals(fromV1.responseFormat().schema(), fromV2.responseFormat().schema());
        assertEquals(fromV1.responseFormat().schema(),
                upstreamBody(Protocol.COHERE, fromV2).path("response_format").path("schema"));
        assertEquals(fromV1.responseFormat().schema(),
                upstreamBody(Protocol.COHERE_V2, fromV1).path("response_format").path("json_schema"));
        assertNull(decode(Protocol.COHERE_V2, v2.replace("\"json_object\",\"json_schema\":" + SCHEMA,
                "\"text\"")).responseFormat());
        RouterException e = assertThrows(RouterException.class, () -> decode(Protocol.COHERE,
                v1.replace("json_object", "json_schema")));
        assertTrue(e.getMessage().contains("response_format.type"), e.getMessage());
    }
}
