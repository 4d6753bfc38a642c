package io.llmrouter.service.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.genai.Client;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.HttpOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.llmrouter.service.simulator.SimulatedEmbeddings;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official SDKs' embeddings calls through the router to the simulator's embeddings upstreams: openai-java's
 * {@code client.embeddings().create(...)} as floats and as base64 (which the SDK decodes itself), and google-genai's
 * {@code models.embedContent}. Everything asserted is what the SDK parsed: each text's own vector, in order.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class EmbeddingsSdkTest {

    private static final List<String> TEXTS = List.of("the router", "embeds", "in order");

    @TestHTTPResource("/")
    URL root;

    private String base() {
        String s = root.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static List<Float> expected(String text, int dimensions) {
        List<Float> values = new ArrayList<>();
        for (float f : SimulatedEmbeddings.vector(text, dimensions)) {
            values.add(f);
        }
        return values;
    }

    @ParameterizedTest(name = "OpenAI SDK, {0} upstream")
    @ValueSource(strings = {"openai", "gemini", "cohere-v2", "cohere", "azure-openai"})
    void openaiEmbeddingsAsFloatsAndAsBase64(String upstream) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(base() + "/v1").apiKey(ProtocolsProfile.EMBED_KEY)
                .maxRetries(0).build();
        try {
            for (EmbeddingCreateParams.EncodingFormat format : List.of(EmbeddingCreateParams.EncodingFormat.FLOAT,
                    EmbeddingCreateParams.EncodingFormat.BASE64)) {
                CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder()
                        .model("sim-embed-" + upstream).inputOfArrayOfStrings(TEXTS).encodingFormat(format).build());
                assertEquals(TEXTS.size(), r.data().size());
                for (int i = 0; i < TEXTS.size(); i++) {
                    assertEquals(i, r.data().get(i).index());
                    assertEquals(expected(TEXTS.get(i), SimulatedEmbeddings.DIMENSIONS), r.data().get(i).embedding(),
                            format + " " + TEXTS.get(i));
                }
                assertTrue(r.usage().promptTokens() > 0, r.usage().toString());
                assertEquals(r.usage().promptTokens(), r.usage().totalTokens());
            }
        } finally {
            client.close();
        }
    }

    @Test
    void openaiTokenIdsAndDimensionsReachAnOpenAiUpstream() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(base() + "/v1").apiKey(ProtocolsProfile.EMBED_KEY)
                .maxRetries(0).build();
        try {
            CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder()
                    .model("sim-embed-openai").inputOfArrayOfTokenArrays(List.of(List.of(1L, 2L, 3L), List.of(4L)))
                    .dimensions(16).build());
            assertEquals(expected("ids:1,2,3", 16), r.data().get(0).embedding());
            assertEquals(expected("ids:4", 16), r.data().get(1).embedding());
            assertEquals(4, r.usage().promptTokens(), "token ids count as themselves");
        } finally {
            client.close();
        }
    }

    @ParameterizedTest(name = "GenAI SDK, {0} upstream")
    @ValueSource(strings = {"gemini", "openai", "cohere-v2"})
    void genaiEmbedContent(String upstream) {
        try (Client client = Client.builder().apiKey(ProtocolsProfile.EMBED_KEY)
                .httpOptions(HttpOptions.builder().baseUrl(base()).apiVersion("v1beta").build()).build()) {
            EmbedContentResponse r = client.models.embedContent("sim-embed-" + upstream, TEXTS,
                    EmbedContentConfig.builder().taskType("RETRIEVAL_DOCUMENT").outputDimensionality(12).build());
            List<ContentEmbedding> embeddings = r.embeddings().orElseThrow();
            assertEquals(TEXTS.size(), embeddings.size());
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(expected(TEXTS.get(i), 12), embeddings.get(i).values().orElseThrow(), TEXTS.get(i));
            }
        }
    }
}
