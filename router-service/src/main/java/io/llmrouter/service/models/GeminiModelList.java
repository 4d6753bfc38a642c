package io.llmrouter.service.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.EndpointKind;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.json.Json;
import io.llmrouter.service.config.PublicModel;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Gemini's list and model: {@code models[]} named {@code models/<id>} with the methods the router serves them
 * through ({@code supportedGenerationMethods}), paged by {@code pageSize} (50 unless given, at most 1000 whatever is
 * asked) and {@code pageToken}, the {@code nextPageToken} of the page before, which is absent on the last page.
 */
final class GeminiModelList implements ModelListFormat {

    static final GeminiModelList INSTANCE = new GeminiModelList();

    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 1000;
    private static final TokenPages PAGES = new TokenPages("models", "pageToken", "nextPageToken");
    private static final List<String> CHAT_METHODS = List.of("generateContent", "streamGenerateContent",
            "countTokens");
    private static final List<String> EMBEDDINGS_METHODS = List.of("embedContent", "batchEmbedContents");

    private GeminiModelList() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.GEMINI;
    }

    @Override
    public ObjectNode list(String tenant, List<PublicModel> models, UnaryOperator<String> query) {
        String sizeValue = query.apply("pageSize");
        // Gemini reads 0 as not given, and a size over the most it returns as that most.
        int size = sizeValue == null ? 0 : ListPages.number(sizeValue, "pageSize", 0, Integer.MAX_VALUE);
        size = size == 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
        return PAGES.page(models, query, size, GeminiModelList::write);
    }

    @Override
    public ObjectNode one(String tenant, PublicModel model) {
        return write(Json.object(), model);
    }

    private static ObjectNode write(ObjectNode node, PublicModel model) {
        node.put("name", "models/" + model.id()).put("baseModelId", model.id());
        if (model.version() != null) {
            node.put("version", model.version());
        }
        node.put("displayName", model.displayName());
        if (model.inputTokenLimit() != null) {
            node.put("inputTokenLimit", model.inputTokenLimit());
        }
        if (model.outputTokenLimit() != null) {
            node.put("outputTokenLimit", model.outputTokenLimit());
        }
        ArrayNode methods = node.putArray("supportedGenerationMethods");
        for (EndpointKind kind : EndpointKind.values()) {
            if (model.kinds().contains(kind)) {
                (kind == EndpointKind.CHAT ? CHAT_METHODS : EMBEDDINGS_METHODS).forEach(methods::add);
            }
        }
        return node;
    }
}
