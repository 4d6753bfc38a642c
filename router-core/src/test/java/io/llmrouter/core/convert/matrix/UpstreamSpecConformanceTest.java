package io.llmrouter.core.convert.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.spec.OpenApiSchemaCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What we send upstream must be what the vendor's published spec accepts: every matrix scenario the protocol can
 * express, enriched with the sampling fields, encoded for OpenAI and Azure ({@code CreateChatCompletionRequest}),
 * OpenAI Responses ({@code CreateResponse}), Cohere v1 ({@code POST /v1/chat}) and Cohere v2 ({@code POST /v2/chat}), unary and streamed.
 */
class UpstreamSpecConformanceTest {

    private static final OpenApiSchemaCheck OPENAI = OpenApiSchemaCheck.load("openai-openapi.yaml");
    private static final OpenApiSchemaCheck COHERE = OpenApiSchemaCheck.load("cohere-openapi.yaml");
    private static final List<Protocol> CHECKED = List.of(Protocol.OPENAI, Protocol.AZURE_OPENAI,
            Protocol.OPENAI_RESPONSES, Protocol.COHERE, Protocol.COHERE_V2);

    @TestFactory
    Stream<DynamicTest> everyExpressibleScenarioValidates() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Protocol p : CHECKED) {
            for (Scenario s : Scenarios.all()) {
                if (!Capabilities.canSend(p, s.request())) {
                    continue; // the encoder rejects it with a 400 (ProtocolMatrixTest asserts that)
                }
                for (boolean stream : new boolean[] {false, true}) {
                    tests.add(DynamicTest.dynamicTest(p + " " + s.name() + (stream ? " stream" : ""),
                            () -> assertValid(p, rich(s.request(), stream))));
                }
            }
        }
        assertTrue(tests.size() >= 80, "expected every expressible scenario, got " + tests.size());
        return tests.stream();
    }

    @Test
    void theCheckerReachesCohereRequestBodiesAndRejectsWhatTheyForbid() {
        JsonNode v1 = Json.parseObject("{\"message\":\"hi\",\"chat_history\":[{\"role\":\"ROBOT\"}],\"k\":900}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "v1");
        List<String> v1Errors = COHERE.validateRequestBody("/v1/chat", "post", v1);
        assertFalse(v1Errors.isEmpty(), "a bad chat_history role and k above 500 must be reported");
        JsonNode v2 = Json.parseObject("{\"model\":\"command-r\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "v2");
        assertFalse(COHERE.validateRequestBody("/v2/chat", "post", v2).isEmpty(), "unknown role must be reported");
        assertFalse(COHERE.validateRequestBody("/v2/chat", "post", Json.object()).isEmpty(), "model is required");
    }

    /** The scenario with every sampling field the router models set. */
    static ChatRequest rich(ChatRequest base, boolean stream) {
        ChatRequest.Builder b = base.toBuilder().stream(stream).includeUsage(stream).topP(0.9).topK(40)
                .stop(List.of("END")).seed(7L).presencePenalty(0.1).frequencyPenalty(0.2);
        if (!base.tools().isEmpty()) {
            b.toolChoice(ToolChoice.AUTO).parallelToolCalls(true);
        }
        return b.build();
    }

    private static void assertValid(Protocol p, ChatRequest request) {
        JsonNode body = Json.parseObject(ConversionPath.CODECS.of(p).encodeRequest(request, "command-r",
                ConversionPath.key(p)).body(), "body");
        List<String> errors = switch (p) {
            case COHERE -> COHERE.validateRequestBody("/v1/chat", "post", body);
            case COHERE_V2 -> COHERE.validateRequestBody("/v2/chat", "post", body);
            case OPENAI_RESPONSES -> OPENAI.validate("CreateResponse", body);
            default -> OPENAI.validate("CreateChatCompletionRequest", body);
        };
        assertEquals(List.of(), errors, body.toString());
    }
}
