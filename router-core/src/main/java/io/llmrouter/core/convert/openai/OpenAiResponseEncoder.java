package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.core.convert.Json;
import java.time.Clock;

/** Encodes an intermediate answer as a {@code chat.completion} body for an OpenAI client. */
public final class OpenAiResponseEncoder {

    private final Clock clock;

    /** An encoder stamping {@code created} from {@code clock}. */
    public OpenAiResponseEncoder(Clock clock) {
        this.clock = clock;
    }

    /** The body; the model is the upstream's when it reported one, else the one the client asked for. */
    public byte[] encode(ChatResponse response, ChatRequest request) {
        ObjectNode root = Json.object();
        root.put("id", response.id() == null ? OpenAiIds.completionId() : response.id());
        root.put("object", "chat.completion");
        root.put("created", clock.instant().getEpochSecond());
        root.put("model", response.model() != null ? response.model() : request == null ? "" : request.model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        String text = response.text();
        boolean hasText = response.content().stream().anyMatch(ContentPart.Text.class::isInstance);
        if (hasText) {
            message.put("content", text);
        } else {
            message.putNull("content");
        }
        message.putNull("refusal");
        if (!response.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ContentPart.ToolCall c : response.toolCalls()) {
                ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                call.putObject("function").put("name", c.name())
                        .put("arguments", c.arguments() == null ? "{}" : c.arguments());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason",
                OpenAiFinishReasons.encode(response.finishReason(), !response.toolCalls().isEmpty()));
        if (response.usage() != null) {
            root.set("usage", OpenAiUsage.encode(response.usage()));
        }
        return Json.bytes(root);
    }
}
