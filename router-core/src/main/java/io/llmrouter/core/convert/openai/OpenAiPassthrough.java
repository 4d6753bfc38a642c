package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Same-protocol forwarding: the client's body with only the model replaced, so unknown fields survive. */
final class OpenAiPassthrough {

    private OpenAiPassthrough() {
    }

    /** The client's body rewritten in place for {@code model}; streams also get {@code include_usage}. */
    static ObjectNode rewrite(ObjectNode root, String model) {
        root.put("model", model);
        JsonNode stream = root.get("stream");
        if (stream != null && stream.asBoolean(false)) {
            // The router needs usage for every stream; other stream_options the client set are kept.
            JsonNode opts = root.get("stream_options");
            ObjectNode o = opts instanceof ObjectNode on ? on : root.putObject("stream_options");
            o.put("include_usage", true);
        }
        return root;
    }
}
