package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.spec.OpenApiSchemaCheck;
import io.llmrouter.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the encoder sends must be what OpenAI's published spec accepts. */
class OpenAiSpecConformanceTest {

    private static final String SCHEMA = "CreateChatCompletionRequest";
    private final OpenApiSchemaCheck spec = OpenApiSchemaCheck.load("openai-openapi.yaml");
    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.OPENAI);
    private final Key key = new Key(Protocol.OPENAI, "https://api.openai.com", "sk-test");

    @Test
    void encodedRichRequestsValidate() {
        for (boolean stream : new boolean[] {false, true}) {
            JsonNode body = Json.parseObject(codec.encodeRequest(OpenAiSamples.rich(stream), "gpt-4o", key).body(),
                    "body");
            assertEquals(List.of(), spec.validate(SCHEMA, body), body.toString());
        }
    }

    @Test
    void fixtureRequestsValidate() {
        for (String f : List.of("openai/request_text.json", "openai/request_tools.json",
                "openai/request_image_url.json", "openai/request_stream.json",
                "constructed/openai/request_full_multiturn_tools.json")) {
            assertEquals(List.of(), spec.validate(SCHEMA, Json.parseObject(Fixtures.bytes(f), f)), f);
        }
    }

    @Test
    void theCheckerRejectsWhatTheSpecForbids() {
        JsonNode bad = Json.parseObject(("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}],"
                + "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"temperature\":3,\"tool_choice\":\"maybe\"}").getBytes(),
                "bad");
        List<String> errors = spec.validate(SCHEMA, bad);
        assertFalse(errors.isEmpty());
        String all = String.join("\n", errors);
        for (String path : List.of("$.messages[0]", "$.stop", "$.temperature", "$.tool_choice")) {
            assertFalse(errors.stream().noneMatch(e -> e.startsWith(path)), path + " not reported in\n" + all);
        }
        assertFalse(spec.validate(SCHEMA, Json.parseObject("{\"model\":\"m\"}".getBytes(), "x")).isEmpty());
    }
}
