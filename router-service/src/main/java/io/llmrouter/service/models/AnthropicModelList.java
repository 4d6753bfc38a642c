package io.llmrouter.service.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.json.Json;
import io.llmrouter.service.config.PublicModel;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Anthropic's list and model: {@code data[]} of {@code type: "model"} with {@code display_name} and
 * {@code created_at}, paged by {@code limit} (20 unless given, 1–1000) from right after {@code after_id} or right
 * before {@code before_id}, with {@code has_more} in the direction taken and the page's {@code first_id} and
 * {@code last_id} as the cursors of the neighbouring pages.
 */
final class AnthropicModelList implements ModelListFormat {

    static final AnthropicModelList INSTANCE = new AnthropicModelList();

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 1000;

    private AnthropicModelList() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.ANTHROPIC;
    }

    @Override
    public ObjectNode list(String tenant, List<PublicModel> models, UnaryOperator<String> query) {
        String limitValue = query.apply("limit");
        int limit = limitValue == null ? DEFAULT_LIMIT : ListPages.number(limitValue, "limit", 1, MAX_LIMIT);
        String afterId = query.apply("after_id");
        String beforeId = query.apply("before_id");
        if (afterId != null && beforeId != null) {
            throw RouterException.invalidRequest("after_id and before_id cannot be used together");
        }
        ListPages.Page page = beforeId != null
                ? ListPages.before(models, ListPages.indexOf(models, beforeId, "before_id"), limit)
                : ListPages.from(models, afterId == null ? 0 : ListPages.indexOf(models, afterId, "after_id") + 1,
                        limit);
        ObjectNode list = Json.object();
        ArrayNode data = list.putArray("data");
        for (PublicModel model : page.models()) {
            write(data.addObject(), model);
        }
        List<PublicModel> listed = page.models();
        list.put("has_more", page.more());
        list.put("first_id", listed.isEmpty() ? null : listed.get(0).id());
        list.put("last_id", listed.isEmpty() ? null : listed.get(listed.size() - 1).id());
        return list;
    }

    @Override
    public ObjectNode one(String tenant, PublicModel model) {
        return write(Json.object(), model);
    }

    private static ObjectNode write(ObjectNode node, PublicModel model) {
        node.put("type", "model").put("id", model.id()).put("display_name", model.displayName())
                .put("created_at", Instant.ofEpochSecond(model.createdSeconds()).toString());
        if (model.inputTokenLimit() != null) {
            node.put("max_input_tokens", model.inputTokenLimit());
        }
        if (model.outputTokenLimit() != null) {
            node.put("max_tokens", model.outputTokenLimit());
        }
        return node;
    }
}
