package io.llmrouter.service.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official OpenAI, Anthropic and Google GenAI Java SDKs as clients of the running router: a text call, a
 * streamed call and a tool call with its tool-result turn, each to the simulator speaking the SDK's own protocol and
 * to one speaking another. Everything asserted is what the SDK parsed.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class SdkClientsTest {

    private static final String PROMPT = "Say hello to the router";
    private static final String WEATHER = "Sunny, 21 degrees";

    @TestHTTPResource("/")
    URL root;

    private String base() {
        String s = root.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String greeting(String upstream, String prompt) {
        return "Hello from the simulated " + upstream + " upstream. You said: " + prompt;
    }

    // ---- OpenAI ------------------------------------------------------------------------------------------------

    private OpenAIClient openai() {
        return OpenAIOkHttpClient.builder().baseUrl(base() + "/v1").apiKey(ProtocolsProfile.KEY).maxRetries(0)
                .build();
    }

    @ParameterizedTest(name = "OpenAI SDK, {0} upstream")
    @ValueSource(strings = {"openai", "anthropic"})
    void openaiText(String upstream) {
        OpenAIClient client = openai();
        try {
            ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("via-" + upstream).addUserMessage(PROMPT).maxCompletionTokens(200).build());
            assertEquals(greeting(upstream, PROMPT), c.choices().get(0).message().content().orElseThrow());
            assertEquals(ChatCompletion.Choice.FinishReason.STOP, c.choices().get(0).finishReason());
            CompletionUsage usage = c.usage().orElseThrow();
            assertTrue(usage.promptTokens() > 0 && usage.completionTokens() > 0, usage.toString());
        } finally {
            client.close();
        }
    }

    @ParameterizedTest(name = "OpenAI SDK stream, {0} upstream")
    @ValueSource(strings = {"openai", "anthropic"})
    void openaiStream(String upstream) {
        OpenAIClient client = openai();
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk.Choice.FinishReason> finishes = new ArrayList<>();
        AtomicReference<CompletionUsage> usage = new AtomicReference<>();
        try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("via-" + upstream).addUserMessage(PROMPT)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunk.usage().ifPresent(usage::set);
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(text::append);
                    choice.finishReason().ifPresent(finishes::add);
                }
            });
        } finally {
            client.close();
        }
        assertEquals(greeting(upstream, PROMPT), text.toString());
        assertEquals(List.of(ChatCompletionChunk.Choice.FinishReason.STOP), finishes);
        assertTrue(usage.get() != null && usage.get().promptTokens() > 0 && usage.get().completionTokens() > 0);
    }

    @ParameterizedTest(name = "OpenAI SDK tools, {0} upstream")
    @ValueSource(strings = {"openai", "anthropic"})
    void openaiToolCallAndResult(String upstream) {
        OpenAIClient client = openai();
        try {
            ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition
                    .builder().name("get_weather").description("Current weather of a city")
                    .parameters(FunctionParameters.builder()
                            .putAdditionalProperty("type", JsonValue.from("object"))
                            .putAdditionalProperty("properties", JsonValue.from(Map.of("location",
                                    Map.of("type", "string", "description", "City name"))))
                            .putAdditionalProperty("required", JsonValue.from(List.of("location"))).build())
                    .build()).build();
            ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model("via-" + upstream)
                    .addUserMessage("What is the weather in Paris?").addTool(tool);
            ChatCompletion first = client.chat().completions().create(params.build());
            assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, first.choices().get(0).finishReason());
            ChatCompletionMessageFunctionToolCall call = first.choices().get(0).message().toolCalls().orElseThrow()
                    .get(0).asFunction();
            assertEquals("get_weather", call.function().name());
            assertEquals(ClientProtocol.tree("{\"location\":\"Paris\"}"),
                    ClientProtocol.tree(call.function().arguments()));
            assertTrue(first.usage().orElseThrow().promptTokens() > 0);

            ChatCompletion second = client.chat().completions().create(params
                    .addMessage(first.choices().get(0).message())
                    .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content(WEATHER)
                            .build())
                    .build());
            assertEquals(ChatCompletion.Choice.FinishReason.STOP, second.choices().get(0).finishReason());
            String answer = second.choices().get(0).message().content().orElseThrow();
            assertTrue(answer.startsWith(greeting(upstream, "tool results")) && answer.contains(WEATHER), answer);
        } finally {
            client.close();
        }
    }

    @Test
    void openaiSdkListsAndRetrievesTheTenantsModels() {
        OpenAIClient client = openai();
        try {
            assertTrue(client.models().list().data().stream().anyMatch(m -> m.id().equals("via-openai")));
            assertEquals("via-anthropic", client.models().retrieve("via-anthropic").id());
            assertThrows(com.openai.errors.NotFoundException.class, () -> client.models().retrieve("no-such-model"));
        } finally {
            client.close();
        }
    }

    /** The commonest misconfiguration: a base URL without /v1. The SDK's own error says what was meant. */
    @Test
    void openaiSdkWithoutV1InItsBaseUrlIsToldWhatItMeant() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(base()).apiKey(ProtocolsProfile.KEY).maxRetries(0)
                .build();
        try {
            com.openai.errors.NotFoundException e = assertThrows(com.openai.errors.NotFoundException.class,
                    () -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                            .model("via-openai").addUserMessage(PROMPT).build()));
            assertTrue(e.getMessage().contains("Did you mean /v1/chat/completions?"), e.getMessage());
        } finally {
            client.close();
        }
    }

    // ---- Anthropic ---------------------------------------------------------------------------------------------

    private AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().baseUrl(base()).apiKey(ProtocolsProfile.KEY).maxRetries(0).build();
    }

    /** The Anthropic SDK appends /v1 itself: a base URL ending in /v1 is told so, as an Anthropic error. */
    @Test
    void anthropicSdkWithV1InItsBaseUrlIsToldWhatItMeant() {
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(base() + "/v1").apiKey(ProtocolsProfile.KEY)
                .maxRetries(0).build();
        try {
            com.anthropic.errors.NotFoundException e = assertThrows(com.anthropic.errors.NotFoundException.class,
                    () -> client.messages().create(MessageCreateParams.builder().model("via-anthropic")
                            .maxTokens(200).addUserMessage(PROMPT).build()));
            assertTrue(e.getMessage().contains("Did you mean /v1/messages?"), e.getMessage());
        } finally {
            client.close();
        }
    }

    private static String text(Message m) {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : m.content()) {
            b.text().map(TextBlock::text).ifPresent(sb::append);
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "Anthropic SDK, {0} upstream")
    @ValueSource(strings = {"anthropic", "gemini"})
    void anthropicText(String upstream) {
        AnthropicClient client = anthropic();
        try {
            Message m = client.messages().create(MessageCreateParams.builder().model("via-" + upstream)
                    .maxTokens(200).addUserMessage(PROMPT).build());
            assertEquals(greeting(upstream, PROMPT), text(m));
            assertEquals(StopReason.END_TURN, m.stopReason().orElseThrow());
            assertTrue(m.usage().inputTokens() > 0 && m.usage().outputTokens() > 0, m.usage().toString());
        } finally {
            client.close();
        }
    }

    @ParameterizedTest(name = "Anthropic SDK stream, {0} upstream")
    @ValueSource(strings = {"anthropic", "gemini"})
    void anthropicStream(String upstream) {
        AnthropicClient client = anthropic();
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams
                .builder().model("via-" + upstream).maxTokens(200).addUserMessage(PROMPT).build())) {
            stream.stream().forEach(acc::accumulate);
        } finally {
            client.close();
        }
        Message m = acc.message();
        assertEquals(greeting(upstream, PROMPT), text(m));
        assertEquals(StopReason.END_TURN, m.stopReason().orElseThrow());
        assertTrue(m.usage().inputTokens() > 0 && m.usage().outputTokens() > 0, m.usage().toString());
    }

    @ParameterizedTest(name = "Anthropic SDK tools, {0} upstream")
    @ValueSource(strings = {"anthropic", "gemini"})
    void anthropicToolUseAndResult(String upstream) {
        AnthropicClient client = anthropic();
        try {
            com.anthropic.models.messages.Tool tool = com.anthropic.models.messages.Tool.builder().name("get_weather")
                    .description("Current weather of a city")
                    .inputSchema(com.anthropic.models.messages.Tool.InputSchema.builder()
                            .properties(com.anthropic.models.messages.Tool.InputSchema.Properties.builder()
                                    .putAdditionalProperty("location", com.anthropic.core.JsonValue.from(
                                            Map.of("type", "string", "description", "City name")))
                                    .build())
                            .addRequired("location").build())
                    .build();
            MessageCreateParams.Builder params = MessageCreateParams.builder().model("via-" + upstream).maxTokens(200)
                    .addUserMessage("What is the weather in Paris?").addTool(tool);
            Message first = client.messages().create(params.build());
            assertEquals(StopReason.TOOL_USE, first.stopReason().orElseThrow());
            ToolUseBlock use = first.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
            assertEquals("get_weather", use.name());
            assertEquals(Map.of("location", "Paris"), use._input().convert(Map.class));
            assertTrue(first.usage().inputTokens() > 0);

            Message second = client.messages().create(params.addMessage(first)
                    .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam
                            .builder().toolUseId(use.id()).content(WEATHER).build())))
                    .build());
            assertEquals(StopReason.END_TURN, second.stopReason().orElseThrow());
            String answer = text(second);
            assertTrue(answer.startsWith(greeting(upstream, "tool results")) && answer.contains(WEATHER), answer);
        } finally {
            client.close();
        }
    }

    // ---- Google GenAI ------------------------------------------------------------------------------------------

    private Client genai() {
        return Client.builder().apiKey(ProtocolsProfile.KEY)
                .httpOptions(HttpOptions.builder().baseUrl(base()).apiVersion("v1beta").build()).build();
    }

    private static void assertUsage(GenerateContentResponseUsageMetadata usage) {
        assertTrue(usage.promptTokenCount().orElse(0) > 0 && usage.candidatesTokenCount().orElse(0) > 0,
                usage.toString());
    }

    @ParameterizedTest(name = "GenAI SDK, {0} upstream")
    @ValueSource(strings = {"gemini", "openai"})
    void genaiText(String upstream) {
        try (Client client = genai()) {
            GenerateContentResponse r = client.models.generateContent("via-" + upstream, PROMPT,
                    GenerateContentConfig.builder().maxOutputTokens(200).build());
            assertEquals(greeting(upstream, PROMPT), r.text());
            assertEquals(FinishReason.Known.STOP, r.finishReason().knownEnum());
            assertUsage(r.usageMetadata().orElseThrow());
        }
    }

    @ParameterizedTest(name = "GenAI SDK stream, {0} upstream")
    @ValueSource(strings = {"gemini", "openai"})
    void genaiStream(String upstream) {
        StringBuilder text = new StringBuilder();
        List<FinishReason> finishes = new ArrayList<>();
        AtomicReference<GenerateContentResponseUsageMetadata> usage = new AtomicReference<>();
        try (Client client = genai();
             ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream("via-" + upstream,
                     PROMPT, null)) {
            for (GenerateContentResponse chunk : stream) {
                if (chunk.text() != null) {
                    text.append(chunk.text());
                }
                chunk.candidates().flatMap(c -> c.get(0).finishReason()).ifPresent(finishes::add);
                chunk.usageMetadata().ifPresent(usage::set);
            }
        }
        assertEquals(greeting(upstream, PROMPT), text.toString());
        assertFalse(finishes.isEmpty());
        assertEquals(FinishReason.Known.STOP, finishes.get(finishes.size() - 1).knownEnum());
        assertUsage(usage.get());
    }

    @ParameterizedTest(name = "GenAI SDK tools, {0} upstream")
    @ValueSource(strings = {"gemini", "openai"})
    void genaiFunctionCallAndResponse(String upstream) {
        GenerateContentConfig config = GenerateContentConfig.builder().tools(com.google.genai.types.Tool.builder()
                .functionDeclarations(FunctionDeclaration.builder().name("get_weather")
                        .description("Current weather of a city")
                        .parameters(Schema.builder().type("OBJECT").properties(Map.of("location",
                                Schema.builder().type("STRING").description("City name").build()))
                                .required("location").build())
                        .build())
                .build()).build();
        try (Client client = genai()) {
            Content question = Content.builder().role("user").parts(Part.fromText("What is the weather in Paris?"))
                    .build();
            GenerateContentResponse first = client.models.generateContent("via-" + upstream, List.of(question),
                    config);
            assertEquals(FinishReason.Known.STOP, first.finishReason().knownEnum());
            FunctionCall call = first.functionCalls().get(0);
            assertEquals("get_weather", call.name().orElseThrow());
            assertEquals(Map.of("location", "Paris"), call.args().orElseThrow());
            assertUsage(first.usageMetadata().orElseThrow());

            Content modelTurn = first.candidates().orElseThrow().get(0).content().orElseThrow();
            Content result = Content.builder().role("user").parts(Part.fromFunctionResponse("get_weather",
                    Map.of("forecast", WEATHER))).build();
            GenerateContentResponse second = client.models.generateContent("via-" + upstream,
                    List.of(question, modelTurn, result), config);
            assertEquals(FinishReason.Known.STOP, second.finishReason().knownEnum());
            assertTrue(second.functionCalls() == null || second.functionCalls().isEmpty());
            String answer = second.text();
            assertTrue(answer.startsWith(greeting(upstream, "tool results")) && answer.contains(WEATHER), answer);
        }
    }
}
