package io.llmrouter.service.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.json.Json;
import io.llmrouter.service.config.PublicModel;
import java.util.List;
import java.util.function.UnaryOperator;

/** OpenAI's list ({@code object: "list"}, every model at once) and model, owned by the tenant; the default format. */
final class OpenAiModelList implements ModelListFormat {

    static final OpenAiModelList INSTANCE = new OpenAiModelList();

    private OpenAiModelList() {
    }

    @Override
    public Protocol protocol() {
        return Protocol.OPENAI;
    }

    @Override
    public ObjectNode list(String tenant, List<PublicModel> models, UnaryOperator<String> query) {
        ObjectNode list = Json.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (PublicModel model : models) {
            write(data.addObject(), tenant, model);
        }
        return list;
    }

    @Override
    public ObjectNode one(String tenant, PublicModel model) {
        return write(Json.object(), tenant, model);
    }

    private static ObjectNode write(ObjectNode node, String tenant, PublicModel model) {
        return node.put("id", model.id()).put("object", "model").put("created", model.createdSeconds())
                .put("owned_by", tenant);
    }
}
