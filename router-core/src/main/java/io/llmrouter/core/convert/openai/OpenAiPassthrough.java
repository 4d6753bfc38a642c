package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.core.convert.Json;

/** Same-protocol forwarding: the client's body with only the model replaced, so unknown fields survive. */
public final class OpenAiPassthrough {

    /** The client's body for {@code model}; streams also get {@code stream_options.include_usage=true}. */
    public ObjectNode rewrite(byte[] clientBody, String model) {
        ObjectNode root = Json.parseObject(clientBody, "request body");
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
