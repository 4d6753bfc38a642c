package io.llmrouter.service.protocols;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.ThinkingBlock;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseReasoningItem;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.core.convert.Codecs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official SDKs drive a three-turn tool loop with reasoning on through the router's HTTP doors to WireMock
 * upstreams of other protocols (and of their own): the model thinks and calls a tool, the SDK replays what it got with
 * the tool's output, the model thinks and calls a second tool, then answers. Each SDK must read the reasoning in its
 * own shape on every turn and replay it as it does; each upstream must get, on turns 2 and 3, what its provider
 * accepts (docs/protocols.md, "Tool loops with reasoning"), as WireMock logged it.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class ReasoningLoopSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEATHER = "{\"forecast\":\"sunny\"}";
    private static final String TIME = "{\"time\":\"12:00\"}";
    private static final String FINAL = "Sunny in Paris, and it is noon.";
    private static final String BYPASS = "skip_thought_signature_validator";
    private static final Map<String, Object> CITY = Map.of("city", Map.of("type", "string"));

    @WireMockUpstreams.Server
    WireMockServer upstream;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void reset() {
        upstream.resetAll();
    }

    private String base() {
        String s = root.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String thinking(int turn) {
        return "Thinking about step " + turn + ".";
    }

    private static String signature(String protocol, int turn) {
        return "sig-" + protocol + "-turn-" + turn;
    }

    /**
     * Stubs the provider's three answers in its own format, told apart by the tool outputs the request carries:
     * thinking and a call of get_weather, thinking and a call of get_time, the final text. Returns the path.
     */
    private String stubLoop(String protocol) {
        Protocol p = Protocol.fromConfig(protocol);
        String path = Recorded.upstreamPath(protocol, false);
        for (int turn = 3; turn >= 1; turn--) {
            List<ContentPart> content = new ArrayList<>();
            content.add(switch (p) {
                case ANTHROPIC, GEMINI -> ContentPart.Reasoning.signed(thinking(turn), signature(protocol, turn), p);
                case OPENAI_RESPONSES -> new ContentPart.Reasoning(thinking(turn), signature(protocol, turn), false, p,
                        "rs_" + turn);
                default -> ContentPart.Reasoning.text(thinking(turn));
            });
            content.add(turn == 1 ? new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")
                    : turn == 2 ? new ContentPart.ToolCall("call_2", "get_time", "{\"city\":\"Paris\"}")
                    : new ContentPart.Text(FINAL));
            byte[] body = Codecs.defaults().of(p).encodeResponse(new ChatResponse("resp_" + turn, "upstream-model",
                    content, turn < 3 ? FinishReason.TOOL_CALLS : FinishReason.STOP, new TokenCounts(20, 10, 0, 4)),
                    null);
            var request = post(urlPathEqualTo(path)).atPriority(turn == 3 ? 1 : turn == 2 ? 2 : 5);
            if (turn > 1) {
                request = request.withRequestBody(containing(turn == 3 ? "12:00" : "sunny"));
            }
            upstream.stubFor(request.willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(body)));
        }
        return path;
    }

    private List<JsonNode> sent(String path) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : upstream.findAll(postRequestedFor(urlPathEqualTo(path)))) {
            bodies.add(JSON.readTree(r.getBody()));
        }
        assertEquals(3, bodies.size(), "one upstream call per turn");
        return bodies;
    }

    // ---- openai-java, Responses ---------------------------------------------------------------------------------

    private OpenAIClient openai() {
        return OpenAIOkHttpClient.builder().baseUrl(base() + "/v1").apiKey(ProtocolsProfile.KEY).maxRetries(0).build();
    }

    private static FunctionTool responsesTool(String name) {
        return FunctionTool.builder().name(name).description("About a city").strict(false)
                .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(CITY)).build()).build();
    }

    /** Runs the loop with openai-java's Responses API; returns the reasoning items it got, per turn. */
    private List<List<ResponseReasoningItem>> responsesLoop(String model) {
        OpenAIClient client = openai();
        try {
            List<ResponseInputItem> items = new ArrayList<>();
            items.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                    .role(EasyInputMessage.Role.USER).content("Weather and time in Paris?").build()));
            List<List<ResponseReasoningItem>> reasoning = new ArrayList<>();
            for (int turn = 1; turn <= 3; turn++) {
                Response r = client.responses().create(ResponseCreateParams.builder().model(model)
                        .inputOfResponse(items).addTool(responsesTool("get_weather")).addTool(responsesTool("get_time"))
                        .reasoning(Reasoning.builder().effort(ReasoningEffort.HIGH)
                                .summary(Reasoning.Summary.AUTO).build()).build());
                reasoning.add(r.output().stream().flatMap(i -> i.reasoning().stream()).toList());
                ResponseFunctionToolCall call = null;
                for (ResponseOutputItem item : r.output()) {
                    // The SDK's own replay: every output item as it came.
                    item.reasoning().ifPresent(x -> items.add(ResponseInputItem.ofReasoning(x)));
                    item.message().ifPresent(m -> items.add(ResponseInputItem.ofResponseOutputMessage(m)));
                    if (item.functionCall().isPresent()) {
                        call = item.functionCall().get();
                        items.add(ResponseInputItem.ofFunctionCall(call));
                    }
                }
                if (turn < 3) {
                    assertEquals(turn == 1 ? "get_weather" : "get_time", call.name(), r.toString());
                    items.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                            .callId(call.callId()).output(turn == 1 ? WEATHER : TIME).build()));
                } else {
                    StringBuilder text = new StringBuilder();
                    r.output().forEach(i -> i.message().ifPresent(m -> m.content().forEach(c ->
                            c.outputText().ifPresent(t -> text.append(t.text())))));
                    assertEquals(FINAL, text.toString());
                }
            }
            return reasoning;
        } finally {
            client.close();
        }
    }

    @Test
    void responsesWithReasoningToAnthropic() throws Exception {
        String path = stubLoop("anthropic");
        List<List<ResponseReasoningItem>> reasoning = responsesLoop("wm-anthropic");
        for (int turn = 1; turn <= 3; turn++) {
            ResponseReasoningItem item = reasoning.get(turn - 1).get(0);
            assertEquals(thinking(turn), item.summary().get(0).text(), "the thinking as a reasoning summary");
            assertTrue(item.encryptedContent().isEmpty(), "Anthropic's signature is no encrypted content of OpenAI's");
        }
        List<JsonNode> sent = sent(path);
        assertEquals("enabled", sent.get(0).at("/thinking/type").asText(), sent.get(0).toString());
        for (JsonNode body : sent.subList(1, 3)) {
            // No turn starts with thinking Anthropic signed: thinking is off for the continuation.
            assertTrue(body.path("thinking").isMissingNode(), body.toString());
            assertFalse(body.toString().contains("\"type\":\"thinking\""), body.toString());
            assertTrue(body.toString().contains("tool_result"), body.toString());
        }
    }

    @Test
    void responsesWithReasoningToResponsesRoundTripsTheEncryptedReasoning() throws Exception {
        String path = stubLoop("openai-responses");
        List<List<ResponseReasoningItem>> reasoning = responsesLoop("wm-openai-responses");
        for (int turn = 1; turn <= 3; turn++) {
            ResponseReasoningItem item = reasoning.get(turn - 1).get(0);
            assertEquals(signature("openai-responses", turn), item.encryptedContent().orElseThrow());
            assertEquals("rs_" + turn, item.id());
        }
        List<JsonNode> sent = sent(path);
        for (int turn = 2; turn <= 3; turn++) {
            JsonNode body = sent.get(turn - 1);
            List<JsonNode> items = new ArrayList<>();
            body.path("input").forEach(i -> {
                if ("reasoning".equals(i.path("type").asText())) {
                    items.add(i);
                }
            });
            assertEquals(turn - 1, items.size(), body.toString());
            for (int earlier = 1; earlier < turn; earlier++) {
                assertEquals("rs_" + earlier, items.get(earlier - 1).path("id").asText());
                assertEquals(signature("openai-responses", earlier),
                        items.get(earlier - 1).path("encrypted_content").asText());
            }
            assertFalse(body.path("store").asBoolean(true), body.toString());
        }
    }

    // ---- openai-java, Chat Completions --------------------------------------------------------------------------

    @Test
    void chatWithReasoningEffortToGeminiUsesTheSignatureBypass() throws Exception {
        String path = stubLoop("gemini");
        OpenAIClient client = openai();
        try {
            ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model("wm-gemini")
                    .reasoningEffort(ReasoningEffort.HIGH).addUserMessage("Weather and time in Paris?")
                    .addTool(chatTool("get_weather")).addTool(chatTool("get_time"));
            for (int turn = 1; turn <= 3; turn++) {
                ChatCompletion c = client.chat().completions().create(params.build());
                ChatCompletionMessage message = c.choices().get(0).message();
                JsonValue reasoning = message._additionalProperties().get("reasoning_content");
                assertEquals(thinking(turn), reasoning.asStringOrThrow(), "the thoughts as reasoning_content");
                if (turn == 3) {
                    assertEquals(FINAL, message.content().orElseThrow());
                    break;
                }
                ChatCompletionMessageFunctionToolCall call = message.toolCalls().orElseThrow().get(0).asFunction();
                // What a DeepSeek-style client does: the reasoning goes back with its tool-call turn.
                params.addMessage(message.toParam().toBuilder().putAdditionalProperty("reasoning_content", reasoning)
                        .build());
                params.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
                        .content(turn == 1 ? WEATHER : TIME).build());
            }
        } finally {
            client.close();
        }
        List<JsonNode> sent = sent(path);
        for (int turn = 2; turn <= 3; turn++) {
            JsonNode body = sent.get(turn - 1);
            assertTrue(body.at("/generationConfig/thinkingConfig").isObject(), "thinking stays on: " + body);
            assertFalse(body.toString().contains("sig-gemini"), "signatures never leave Gemini's clients");
            assertEquals(turn - 1, functionCallSignatures(body).size(), body.toString());
            functionCallSignatures(body).forEach(s -> assertEquals(BYPASS, s, body.toString()));
        }
    }

    private static ChatCompletionFunctionTool chatTool(String name) {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name(name)
                .description("About a city").parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(CITY)).build()).build()).build();
    }

    /** The thought signature of each model turn's first function call. */
    private static List<String> functionCallSignatures(JsonNode geminiBody) {
        List<String> signatures = new ArrayList<>();
        for (JsonNode content : geminiBody.path("contents")) {
            if ("model".equals(content.path("role").asText())) {
                for (JsonNode part : content.path("parts")) {
                    if (part.has("functionCall")) {
                        signatures.add(part.path("thoughtSignature").asText());
                        break;
                    }
                }
            }
        }
        return signatures;
    }

    // ---- anthropic-java, thinking -------------------------------------------------------------------------------

    /** Runs the loop with anthropic-java and thinking on; returns the thinking blocks it got, per turn. */
    private List<ThinkingBlock> anthropicLoop(String model) {
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(base()).apiKey(ProtocolsProfile.KEY)
                .maxRetries(0).build();
        try {
            MessageCreateParams.Builder params = MessageCreateParams.builder().model(model).maxTokens(8000)
                    .enabledThinking(4096).addUserMessage("Weather and time in Paris?")
                    .addTool(anthropicTool("get_weather")).addTool(anthropicTool("get_time"));
            List<ThinkingBlock> thinking = new ArrayList<>();
            for (int turn = 1; turn <= 3; turn++) {
                com.anthropic.models.messages.Message m = client.messages().create(params.build());
                thinking.add(m.content().get(0).thinking().orElseThrow(() -> new AssertionError(
                        "a thinking block leads the answer: " + m)));
                if (turn == 3) {
                    assertEquals(FINAL, m.content().stream().flatMap(b -> b.text().stream())
                            .map(com.anthropic.models.messages.TextBlock::text).reduce("", String::concat));
                    break;
                }
                ToolUseBlock use = m.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
                // The SDK's own replay: the assistant turn as it came, then the tool's result.
                params.addMessage(m).addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(use.id()).content(turn == 1 ? WEATHER : TIME)
                                .build())));
            }
            return thinking;
        } finally {
            client.close();
        }
    }

    private static com.anthropic.models.messages.Tool anthropicTool(String name) {
        return com.anthropic.models.messages.Tool.builder().name(name).description("About a city")
                .inputSchema(com.anthropic.models.messages.Tool.InputSchema.builder()
                        .properties(com.anthropic.models.messages.Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("city", com.anthropic.core.JsonValue.from(Map.of("type",
                                        "string"))).build()).build()).build();
    }

    @Test
    void anthropicWithThinkingToAnthropicRoundTripsTheSignedThinking() throws Exception {
        String path = stubLoop("anthropic");
        List<ThinkingBlock> thinking = anthropicLoop("wm-anthropic");
        for (int turn = 1; turn <= 3; turn++) {
            assertEquals(signature("anthropic", turn), thinking.get(turn - 1).signature());
        }
        List<JsonNode> sent = sent(path);
        for (int turn = 2; turn <= 3; turn++) {
            JsonNode body = sent.get(turn - 1);
            assertEquals("enabled", body.at("/thinking/type").asText(), "thinking stays on: " + body);
            int assistant = 0;
            for (JsonNode m : body.path("messages")) {
                if ("assistant".equals(m.path("role").asText())) {
                    assistant++;
                    assertEquals("thinking", m.at("/content/0/type").asText(), body.toString());
                    assertEquals(signature("anthropic", assistant), m.at("/content/0/signature").asText());
                }
            }
            assertEquals(turn - 1, assistant);
        }
    }

    @Test
    void anthropicWithThinkingToGeminiUsesTheSignatureBypass() throws Exception {
        String path = stubLoop("gemini");
        List<ThinkingBlock> thinking = anthropicLoop("wm-gemini");
        for (int turn = 1; turn <= 3; turn++) {
            assertEquals(thinking(turn), thinking.get(turn - 1).thinking());
            assertEquals("", thinking.get(turn - 1).signature(), "Gemini's signature means nothing to Anthropic");
        }
        List<JsonNode> sent = sent(path);
        for (int turn = 2; turn <= 3; turn++) {
            JsonNode body = sent.get(turn - 1);
            assertTrue(body.at("/generationConfig/thinkingConfig").isObject(), "thinking stays on: " + body);
            assertEquals(turn - 1, functionCallSignatures(body).size(), body.toString());
            functionCallSignatures(body).forEach(s -> assertEquals(BYPASS, s, body.toString()));
        }
    }

    @Test
    void anthropicWithThinkingToAnOpenAiCompatibleHostSendsTheReasoningBack() throws Exception {
        String path = stubLoop("openai");
        List<ThinkingBlock> thinking = anthropicLoop("wm-openai");
        for (int turn = 1; turn <= 3; turn++) {
            assertEquals(thinking(turn), thinking.get(turn - 1).thinking(), "reasoning_content as thinking");
        }
        List<JsonNode> sent = sent(path);
        for (int turn = 2; turn <= 3; turn++) {
            JsonNode body = sent.get(turn - 1);
            int assistant = 0;
            for (JsonNode m : body.path("messages")) {
                if ("assistant".equals(m.path("role").asText())) {
                    assistant++;
                    // DeepSeek's thinking mode answers 400 within a tool loop without it.
                    assertEquals(thinking(assistant), m.path("reasoning_content").asText(), body.toString());
                }
            }
            assertEquals(turn - 1, assistant, body.toString());
        }
    }
}
