package io.llmrouter.service.protocols;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.JsonOutputFormat;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.OutputConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.genai.Client;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Structured output asked for through each official SDK reaches an upstream of another protocol in that upstream's
 * own form (docs/protocols.md#what-each-upstream-takes), and the recorded answer comes back to the SDK. The upstream is
 * WireMock replaying a recorded answer, so what the router sent is what WireMock logged.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class StructuredOutputSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A schema every protocol keeps as it is (Gemini's subset included). */
    private static final Map<String, Object> SCHEMA = Map.of("type", "object",
            "properties", Map.of("city", Map.of("type", "string"), "temperature", Map.of("type", "number")),
            "required", List.of("city", "temperature"));

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

    /** Stubs the recorded text answer of {@code protocol} and returns its upstream path. */
    private String answerWithRecordedText(String protocol) {
        Recorded rec = Recorded.of(protocol, false, false);
        String path = Recorded.upstreamPath(protocol, false);
        upstream.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", rec.contentType()).withBody(Recorded.bytes(rec.file()))));
        return path;
    }

    private JsonNode sentTo(String path) throws Exception {
        List<LoggedRequest> sent = upstream.findAll(postRequestedFor(urlPathEqualTo(path)));
        assertEquals(1, sent.size(), "upstream calls");
        return JSON.readTree(sent.get(0).getBody());
    }

    @Test
    void openaiSdkJsonSchemaReachesAnthropicAsOutputConfig() throws Exception {
        String path = answerWithRecordedText("anthropic");
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(base() + "/v1").apiKey(ProtocolsProfile.KEY)
                .maxRetries(0).build();
        try {
            ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema = ResponseFormatJsonSchema.JsonSchema.Schema
                    .builder();
            SCHEMA.forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
            ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("wm-anthropic").addUserMessage("Weather in SF as JSON")
                    .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema
                            .builder().name("weather").strict(true).schema(schema.build()).build()).build())
                    .build());
            assertEquals(Recorded.of("anthropic", false, false).text(),
                    c.choices().get(0).message().content().orElseThrow());
        } finally {
            client.close();
        }
        JsonNode format = sentTo(path).path("output_config").path("format");
        assertEquals("json_schema", format.path("type").asText());
        assertEquals(JSON.valueToTree(SCHEMA), format.path("schema"));
    }

    @Test
    void anthropicSdkOutputConfigReachesGeminiAsResponseSchema() throws Exception {
        String path = answerWithRecordedText("gemini");
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(base()).apiKey(ProtocolsProfile.KEY)
                .maxRetries(0).build();
        try {
            JsonOutputFormat.Schema.Builder schema = JsonOutputFormat.Schema.builder();
            SCHEMA.forEach((k, v) -> schema.putAdditionalProperty(k, com.anthropic.core.JsonValue.from(v)));
            Message m = client.messages().create(MessageCreateParams.builder().model("wm-gemini").maxTokens(200)
                    .addUserMessage("Weather in SF as JSON")
                    .outputConfig(OutputConfig.builder().format(JsonOutputFormat.builder().schema(schema.build())
                            .build()).build())
                    .build());
            assertEquals(Recorded.of("gemini", false, false).text(),
                    m.content().get(0).text().orElseThrow().text());
        } finally {
            client.close();
        }
        JsonNode config = sentTo(path).path("generationConfig");
        assertEquals("application/json", config.path("responseMimeType").asText());
        assertEquals(JSON.valueToTree(SCHEMA), config.path("responseSchema"));
    }

    @Test
    void genaiSdkResponseJsonSchemaReachesOpenAiAsJsonSchema() throws Exception {
        String path = answerWithRecordedText("openai");
        try (Client client = Client.builder().apiKey(ProtocolsProfile.KEY)
                .httpOptions(HttpOptions.builder().baseUrl(base()).apiVersion("v1beta").build()).build()) {
            GenerateContentResponse r = client.models.generateContent("wm-openai", "Weather in SF as JSON",
                    GenerateContentConfig.builder().responseMimeType("application/json").responseJsonSchema(SCHEMA)
                            .build());
            assertEquals(Recorded.of("openai", false, false).text(), r.text());
        }
        JsonNode format = sentTo(path).path("response_format");
        assertEquals("json_schema", format.path("type").asText());
        assertEquals("response", format.path("json_schema").path("name").asText());
        assertEquals(JSON.valueToTree(SCHEMA), format.path("json_schema").path("schema"));
    }
}
