package io.llmrouter.service.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.EndpointKind;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.Echo;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.json.Json;
import io.llmrouter.service.config.PublicModel;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Cohere's list and model: {@code models[]} with the {@code endpoints} the router serves them on ({@code chat},
 * {@code embed}), filtered by {@code endpoint}, paged by {@code page_size} (20 unless given, 1–1000) and
 * {@code page_token}, the {@code next_page_token} of the page before, which is absent on the last page. The router
 * has no default model: {@code default_only=true} lists none, and every model's {@code default_endpoints} is empty.
 */
final class CohereModelList implements ModelListFormat {

    static final CohereModelList INSTANCE = new CohereModelList();

    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 1000;
    private static final TokenPages PAGES = new TokenPages("models", "page_token", "next_page_token");
    /** The values Cohere's {@code endpoint} filter takes; the router serves models on the first two only. */
    private static final List<String> ENDPOINTS = List.of("chat", "embed", "classify", "summarize", "rerank", "rate",
            "generate");

    private CohereModelList() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.COHERE;
    }

    @Override
    public ObjectNode list(String tenant, List<PublicModel> models, UnaryOperator<String> query) {
        String sizeValue = query.apply("page_size");
        int size = sizeValue == null ? DEFAULT_PAGE_SIZE : ListPages.number(sizeValue, "page_size", 1, MAX_PAGE_SIZE);
        String endpoint = query.apply("endpoint");
        if (endpoint != null && !ENDPOINTS.contains(endpoint)) {
            throw RouterException.invalidRequest("endpoint must be one of " + String.join(", ", ENDPOINTS) + ", got '"
                    + Echo.of(endpoint) + "'");
        }
        boolean defaultOnly = flag(query.apply("default_only"));
        if (defaultOnly && endpoint == null) {
            throw RouterException.invalidRequest("default_only is only valid with endpoint");
        }
        List<PublicModel> matching = defaultOnly ? List.of() : endpoint == null ? models
                : models.stream().filter(m -> endpoints(m).contains(endpoint)).toList();
        return PAGES.page(matching, query, size, CohereModelList::write);
    }

    @Override
    public ObjectNode one(String tenant, PublicModel model) {
        return write(Json.object(), model);
    }

    private static ObjectNode write(ObjectNode node, PublicModel model) {
        node.put("name", model.id());
        ArrayNode endpoints = node.putArray("endpoints");
        endpoints(model).forEach(endpoints::add);
        node.put("finetuned", false);
        if (model.inputTokenLimit() != null) {
            node.put("context_length", model.inputTokenLimit());
        }
        node.putArray("default_endpoints");
        return node;
    }

    private static List<String> endpoints(PublicModel model) {
        return model.kinds().stream().sorted().map(k -> k == EndpointKind.CHAT ? "chat" : "embed").toList();
    }

    private static boolean flag(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw RouterException.invalidRequest("default_only must be true or false, got '"
                    + Echo.of(value) + "'");
        };
    }
}
