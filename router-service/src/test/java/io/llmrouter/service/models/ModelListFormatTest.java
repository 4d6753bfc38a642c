package io.llmrouter.service.models;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which provider's list a request gets: docs/protocols.md, "Model lists". */
class ModelListFormatTest {

    private static ModelListFormat of(String path, Map<String, String> headers, Map<String, String> query) {
        return ModelListFormat.of(path, headers::get, query::get);
    }

    @Test
    void openAisUnlessSomethingNamesAnotherProvider() {
        assertSame(OpenAiModelList.INSTANCE, of("/v1/models", Map.of("Authorization", "Bearer k"), Map.of()));
        assertSame(OpenAiModelList.INSTANCE, of("/v1/models", Map.of("X-Fern-SDK-Name", "other"),
                Map.of("limit", "5", "pageSize", "5")));
    }

    @Test
    void anthropicsForItsSdksHeaders() {
        assertSame(AnthropicModelList.INSTANCE, of("/v1/models", Map.of("anthropic-version", "2023-06-01"),
                Map.of()));
        assertSame(AnthropicModelList.INSTANCE, of("/v1/models", Map.of("x-api-key", "k"), Map.of("page_size", "5")));
    }

    @Test
    void geminisUnderV1betaOrWithTheKeyInGeminisPlaces() {
        assertSame(GeminiModelList.INSTANCE, of("/v1beta/models", Map.of("anthropic-version", "2023-06-01"),
                Map.of()));
        assertSame(GeminiModelList.INSTANCE, of("/v1/models", Map.of("x-goog-api-key", "k"), Map.of()));
        assertSame(GeminiModelList.INSTANCE, of("/v1/models", Map.of(), Map.of("key", "k")));
    }

    @Test
    void coheresForItsSdksNameOrAParameterOnlyCohereTakes() {
        assertSame(CohereModelList.INSTANCE, of("/v1/models", Map.of("X-Fern-SDK-Name", "cohere"), Map.of()));
        assertSame(CohereModelList.INSTANCE, of("/v1/models", Map.of("X-Fern-SDK-Name", "cohere-ai"), Map.of()));
        for (String parameter : ModelListFormat.COHERE_PARAMETERS) {
            assertSame(CohereModelList.INSTANCE, of("/v1/models", Map.of(), Map.of(parameter, "x")), parameter);
        }
    }
}
