package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.core.convert.openai.OpenAiReasoningModels;

/**
 * Same protocol in and out: the client's body goes to the Responses upstream with the model replaced, so that fields
 * the router does not model, built-in tools and their items survive. Three changes keep a stateless call working:
 * {@code store} is false (the router keeps nothing a later call could refer to); a reasoning model, or a request with
 * {@code reasoning}, gets {@code include: ["reasoning.encrypted_content"]}, without which its reasoning cannot be
 * replayed; and replayed {@code reasoning} items without {@code encrypted_content} are removed, since OpenAI answers
 * 400 "Item not found" for them when nothing is stored.
 */
final class ResponsesPassthrough {

    private ResponsesPassthrough() {
    }

    /** The client's body rewritten in place for {@code model}. */
    static ObjectNode rewrite(ObjectNode body, String model) {
        body.put("model", model);
        body.put("store", false);
        if (body.hasNonNull("reasoning") || OpenAiReasoningModels.matches(model)) {
            JsonNode include = body.get("include");
            ArrayNode list = include instanceof ArrayNode a ? a : body.putArray("include");
            boolean present = false;
            for (JsonNode value : list) {
                present |= ResponsesWire.ENCRYPTED_REASONING.equals(value.asText());
            }
            if (!present) {
                list.add(ResponsesWire.ENCRYPTED_REASONING);
            }
        }
        if (body.get("input") instanceof ArrayNode input) {
            for (int i = input.size() - 1; i >= 0; i--) {
                JsonNode item = input.get(i);
                if ("reasoning".equals(item.path("type").asText()) && !item.hasNonNull("encrypted_content")) {
                    input.remove(i);
                }
            }
        }
        return body;
    }
}
