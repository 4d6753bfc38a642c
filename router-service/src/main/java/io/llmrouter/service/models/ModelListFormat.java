package io.llmrouter.service.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.service.config.PublicModel;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A provider's format of the model list and of one model, and the protocol its errors are written in. Which one a
 * request gets is decided by {@link #of}: docs/protocols.md, "Model lists".
 */
sealed interface ModelListFormat permits OpenAiModelList, AnthropicModelList, GeminiModelList, CohereModelList {

    /** Query parameters only Cohere's list takes: a request with one of them is a Cohere client's. */
    List<String> COHERE_PARAMETERS = List.of("endpoint", "default_only", "page_size", "page_token");

    /** The protocol of this format's errors. */
    Protocol protocol();

    /**
     * A page of {@code models} (the caller's, in the tenant's order) as {@code query} asks for it.
     *
     * @param tenant the caller's tenant
     * @param query  a query parameter by name, null when absent
     * @throws RouterException 400 for a query parameter out of its range, or a cursor that names no listed model
     */
    ObjectNode list(String tenant, List<PublicModel> models, UnaryOperator<String> query);

    /** One model of {@code tenant}. */
    ObjectNode one(String tenant, PublicModel model);

    /**
     * The format a request to {@code path} asks for: Gemini's under {@code /v1beta/}; else Anthropic's when its SDK's
     * headers are there ({@code anthropic-version}, or the key in {@code x-api-key}), Gemini's when the key is in
     * Gemini's places ({@code x-goog-api-key}, {@code ?key=}), Cohere's when its SDK names itself
     * ({@code X-Fern-SDK-Name}) or a Cohere-only query parameter is there; OpenAI's otherwise.
     *
     * @param header a request header by name, null when absent
     * @param query  a query parameter by name, null when absent
     */
    static ModelListFormat of(String path, UnaryOperator<String> header, UnaryOperator<String> query) {
        if (path.startsWith("/v1beta/")) {
            return GeminiModelList.INSTANCE;
        }
        if (header.apply("anthropic-version") != null || header.apply("x-api-key") != null) {
            return AnthropicModelList.INSTANCE;
        }
        if (header.apply("x-goog-api-key") != null || query.apply("key") != null) {
            return GeminiModelList.INSTANCE;
        }
        String sdk = header.apply("X-Fern-SDK-Name");
        if (sdk != null && sdk.toLowerCase(Locale.ROOT).contains("cohere")
                || COHERE_PARAMETERS.stream().anyMatch(p -> query.apply(p) != null)) {
            return CohereModelList.INSTANCE;
        }
        return OpenAiModelList.INSTANCE;
    }
}
