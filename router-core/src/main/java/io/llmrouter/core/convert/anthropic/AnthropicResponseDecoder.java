package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Decodes an upstream Anthropic message into the IR; thinking and server-tool blocks are dropped. */
final class AnthropicResponseDecoder {

    private static final Logger LOG = Logger.getLogger(AnthropicResponseDecoder.class);

    private AnthropicResponseDecoder() {
    }

    /** Decodes; an unreadable body is the upstream's fault, so it becomes a 502, not a 400. */
    static ChatResponse decode(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : Json.tree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new RouterException(new ApiError(ErrorKind.BAD_GATEWAY, 502,
                    "upstream returned a body that is not an Anthropic message", null));
        }
        List<ContentPart> content = new ArrayList<>();
        JsonNode blocks = root.path("content");
        for (JsonNode block : blocks) {
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> content.add(new ContentPart.Text(block.path("text").asText("")));
                case "tool_use" -> {
                    JsonNode input = block.get("input");
                    content.add(new ContentPart.ToolCall(block.path("id").asText(null), block.path("name").asText(null),
                            input == null || input.isNull() ? "{}" : Json.text(input)));
                }
                default -> LOG.debugf("dropping %s block of the upstream answer", type);
            }
        }
        boolean hasTools = content.stream().anyMatch(ContentPart.ToolCall.class::isInstance);
        String stop = root.path("stop_reason").isTextual() ? root.get("stop_reason").asText() : null;
        return new ChatResponse(root.path("id").asText(null), root.path("model").asText(null), content,
                AnthropicStopReasons.decode(stop, hasTools), AnthropicUsage.decode(root.get("usage")));
    }
}
