package io.llmrouter.service.protocols;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseRetrieveParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.ResponseUsage;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official openai-java SDK (4.8.0) driving {@code /v1/responses} against WireMock upstreams of every protocol
 * replaying recorded provider answers: text, stream, a function-call loop and structured output, plus the errors a
 * Responses client must be able to read. Everything asserted of the answer is what the SDK parsed; what the router
 * sent upstream is what WireMock logged.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class ResponsesSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEATHER = "Sunny, 21 degrees";
    private static final Map<String, Object> SCHEMA = Map.of("type", "object",
            "properties", Map.of("city", Map.of("type", "string"), "temperature", Map.of("type", "number")),
            "required", List.of("city", "temperature"));

    @WireMockUpstreams.Server
    WireMockServer upstream;

    @TestHTTPResource("/")
    URL root;

    private OpenAIClient client;

    @BeforeEach
    void reset() {
        upstream.resetAll();
        String s = root.toString();
        client = OpenAIOkHttpClient.builder().baseUrl((s.endsWith("/") ? s : s + "/") + "v1")
                .apiKey(ProtocolsProfile.KEY).maxRetries(0).build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    static List<String> upstreams() {
        return ProtocolsProfile.UPSTREAMS;
    }

    /** Stubs {@code protocol}'s recorded answer and returns the upstream path. */
    private String stub(String protocol, boolean tools, boolean stream) {
        Recorded rec = Recorded.of(protocol, tools, stream);
        String path = Recorded.upstreamPath(protocol, stream);
        upstream.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", rec.contentType()).withBody(Recorded.bytes(rec.file()))));
        return path;
    }

    private List<JsonNode> sent(String path) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : upstream.findAll(postRequestedFor(urlPathEqualTo(path)))) {
            bodies.add(JSON.readTree(r.getBody()));
        }
        return bodies;
    }

    private static String text(Response r) {
        StringBuilder sb = new StringBuilder();
        for (ResponseOutputItem item : r.output()) {
            item.message().ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> sb.append(t.text()))));
        }
        return sb.toString();
    }

    private static void assertUsage(Response r) {
        ResponseUsage usage = r.usage().orElseThrow();
        assertTrue(usage.inputTokens() > 0 && usage.outputTokens() > 0, usage.toString());
        assertEquals(usage.inputTokens() + usage.outputTokens(), usage.totalTokens());
        assertTrue(usage.inputTokensDetails().cachedTokens() >= 0);
        assertTrue(usage.outputTokensDetails().reasoningTokens() >= 0);
    }

    private static FunctionTool weatherTool(String name) {
        FunctionTool.Parameters.Builder params = FunctionTool.Parameters.builder();
        params.putAdditionalProperty("type", JsonValue.from("object"));
        params.putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))));
        return FunctionTool.builder().name(name).description("Current weather").parameters(params.build())
                .strict(false).build();
    }

    @ParameterizedTest(name = "text via recorded {0}")
    @MethodSource("upstreams")
    void text(String protocol) {
        stub(protocol, false, false);
        Response r = client.responses().create(ResponseCreateParams.builder().model("wm-" + protocol)
                .input("What is the weather?").maxOutputTokens(200L).build());
        r.validate();
        assertEquals(Recorded.of(protocol, false, false).text(), text(r));
        assertEquals(ResponseStatus.COMPLETED, r.status().orElseThrow());
        assertTrue(r.id().startsWith("resp_"), r.id());
        assertUsage(r);
    }

    @ParameterizedTest(name = "stream via recorded {0}")
    @MethodSource("upstreams")
    void stream(String protocol) {
        stub(protocol, false, true);
        StringBuilder deltas = new StringBuilder();
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (var stream = client.responses().createStreaming(ResponseCreateParams.builder().model("wm-" + protocol)
                .input("What is the weather?").build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                event.outputTextDelta().ifPresent(d -> deltas.append(d.delta()));
            });
        }
        Response r = accumulator.response();
        assertEquals(Recorded.of(protocol, false, true).text(), deltas.toString());
        assertEquals(deltas.toString(), text(r));
        assertEquals(ResponseStatus.COMPLETED, r.status().orElseThrow());
        assertUsage(r);
    }

    @ParameterizedTest(name = "function call loop via recorded {0}")
    @MethodSource("upstreams")
    void functionCallLoop(String protocol) throws Exception {
        Recorded call = Recorded.of(protocol, true, false);
        Recorded answer = Recorded.of(protocol, false, false);
        String path = Recorded.upstreamPath(protocol, false);
        // The second turn carries the tool's output: the upstream answers it with text.
        upstream.stubFor(post(urlPathEqualTo(path)).atPriority(1).withRequestBody(containing(WEATHER))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", answer.contentType())
                        .withBody(Recorded.bytes(answer.file()))));
        upstream.stubFor(post(urlPathEqualTo(path)).atPriority(5).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", call.contentType()).withBody(Recorded.bytes(call.file()))));
        FunctionTool tool = weatherTool(call.tool());
        Response first = client.responses().create(ResponseCreateParams.builder().model("wm-" + protocol)
                .input("What is the weather?").addTool(tool).build());
        ResponseFunctionToolCall fc = first.output().stream().flatMap(i -> i.functionCall().stream())
                .findFirst().orElseThrow(() -> new AssertionError("no function call: " + first));
        assertEquals(call.tool(), fc.name());
        assertEquals(JSON.readTree(call.args()), JSON.readTree(fc.arguments()));
        assertFalse(fc.callId().isBlank());

        // The SDK's own replay: the user turn, the output items as they came, the tool's output.
        List<ResponseInputItem> items = new ArrayList<>();
        items.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                .role(EasyInputMessage.Role.USER).content("What is the weather?").build()));
        for (ResponseOutputItem item : first.output()) {
            item.message().ifPresent(m -> items.add(ResponseInputItem.ofResponseOutputMessage(m)));
            item.functionCall().ifPresent(f -> items.add(ResponseInputItem.ofFunctionCall(f)));
        }
        items.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(fc.callId()).output(WEATHER).build()));
        Response second = client.responses().create(ResponseCreateParams.builder().model("wm-" + protocol)
                .inputOfResponse(items).addTool(tool).build());
        assertEquals(answer.text(), text(second));
        List<JsonNode> sent = sent(path);
        assertEquals(2, sent.size());
        String secondTurn = sent.get(1).toString();
        assertTrue(secondTurn.contains(WEATHER), "the tool's output reached the upstream: " + secondTurn);
        assertTrue(secondTurn.contains(call.tool()), "with the call it answers: " + secondTurn);
    }

    @ParameterizedTest(name = "structured output to {0}")
    @MethodSource("upstreams")
    void structuredOutput(String protocol) throws Exception {
        String path = stub(protocol, false, false);
        ResponseFormatTextJsonSchemaConfig.Schema.Builder schema = ResponseFormatTextJsonSchemaConfig.Schema.builder();
        SCHEMA.forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
        Response r = client.responses().create(ResponseCreateParams.builder().model("wm-" + protocol)
                .input("Weather in SF as JSON").text(ResponseTextConfig.builder()
                        .format(ResponseFormatTextJsonSchemaConfig.builder().name("weather").strict(true)
                                .schema(schema.build()).build()).build()).build());
        assertEquals(Recorded.of(protocol, false, false).text(), text(r));
        JsonNode body = sent(path).get(0);
        JsonNode sentSchema = switch (protocol) {
            case "openai", "azure-openai" -> body.path("response_format").path("json_schema").path("schema");
            case "openai-responses" -> body.path("text").path("format").path("schema");
            case "anthropic" -> body.path("output_config").path("format").path("schema");
            case "gemini" -> body.path("generationConfig").path("responseSchema");
            case "cohere" -> body.path("response_format").path("schema");
            case "cohere-v2" -> body.path("response_format").path("json_schema");
            default -> throw new IllegalArgumentException(protocol);
        };
        assertEquals(JSON.valueToTree(SCHEMA), sentSchema, protocol + " got " + body);
    }

    @Test
    void anUpstreamBadRequestReachesTheSdkWithItsMessage() {
        upstream.stubFor(post(urlPathEqualTo(Recorded.upstreamPath("anthropic", false))).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json")
                .withBody(Recorded.error400("anthropic")[0])));
        BadRequestException e = assertThrows(BadRequestException.class, () -> client.responses().create(
                ResponseCreateParams.builder().model("wm-anthropic").input("Hi").build()));
        assertTrue(e.getMessage().contains(Recorded.error400("anthropic")[1]), e.getMessage());
    }

    @Test
    void statefulCallsAreRefusedInTheResponsesFormat() {
        BadRequestException chained = assertThrows(BadRequestException.class, () -> client.responses().create(
                ResponseCreateParams.builder().model("wm-openai-responses").input("And then?")
                        .previousResponseId("resp_x").build()));
        assertEquals("previous_response_id", chained.param().orElseThrow());
        assertTrue(chained.getMessage().contains("send the whole conversation"), chained.getMessage());
        BadRequestException retrieve = assertThrows(BadRequestException.class, () -> client.responses()
                .retrieve(ResponseRetrieveParams.builder().responseId("resp_x").build()));
        assertTrue(retrieve.getMessage().contains("keeps no response state"), retrieve.getMessage());
        assertThrows(BadRequestException.class, () -> client.responses().delete("resp_x"));
        assertTrue(upstream.getAllServeEvents().isEmpty(), "nothing reached an upstream");
    }

    @Test
    void aBuiltInToolIsRefusedForAnUpstreamThatCannotRunIt() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> client.responses().create(
                ResponseCreateParams.builder().model("wm-anthropic").input("News?")
                        .addTool(com.openai.models.responses.WebSearchTool.builder()
                                .type(com.openai.models.responses.WebSearchTool.Type.WEB_SEARCH).build())
                        .build()));
        assertTrue(e.getMessage().contains("runs only at OpenAI"), e.getMessage());
    }
}
