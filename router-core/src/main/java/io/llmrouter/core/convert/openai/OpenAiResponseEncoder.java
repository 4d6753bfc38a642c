package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.core.json.Json;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/** Encodes an intermediate answer as a {@code chat.completion} body for an OpenAI client. */
public final class OpenAiResponseEncoder {

    private final Clock clock;

    /** An encoder stamping {@code created} from {@code clock}. */
    public OpenAiResponseEncoder(Clock clock) {
        this.clock = clock;
    }

    /** The body; the model is the upstream's when it reported one, else the one the client asked for. */
    public byte[] encode(ChatResponse response, ChatRequest request) {
        return Json.write(g -> write(g, response, request));
    }

    private void write(JsonGenerator g, ChatResponse response, ChatRequest request) throws IOException {
        List<ContentPart.ToolCall> toolCalls = response.toolCalls();
        g.writeStartObject();
        g.writeStringField("id", response.id() == null ? OpenAiIds.completionId() : response.id());
        g.writeStringField("object", "chat.completion");
        g.writeNumberField("created", clock.instant().getEpochSecond());
        g.writeStringField("model",
                response.model() != null ? response.model() : request == null ? "" : request.model());
        g.writeArrayFieldStart("choices");
        g.writeStartObject();
        g.writeNumberField("index", 0);
        g.writeObjectFieldStart("message");
        g.writeStringField("role", "assistant");
        if (hasText(response)) {
            g.writeStringField("content", response.text());
        } else {
            g.writeNullField("content");
        }
        g.writeNullField("refusal");
        String reasoning = reasoningText(response, request);
        if (reasoning != null) {
            // What compatible reasoning models send; OpenAI's SDKs keep it as an extra field.
            g.writeStringField(OpenAiReasoning.CONTENT, reasoning);
        }
        if (!toolCalls.isEmpty()) {
            g.writeArrayFieldStart("tool_calls");
            for (ContentPart.ToolCall c : toolCalls) {
                g.writeStartObject();
                g.writeStringField("id", c.id());
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", c.name());
                g.writeStringField("arguments", c.arguments() == null ? "{}" : c.arguments());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeNullField("logprobs");
        g.writeStringField("finish_reason", OpenAiFinishReasons.encode(response.finishReason(), !toolCalls.isEmpty()));
        g.writeEndObject();
        g.writeEndArray();
        if (response.usage() != null) {
            g.writeFieldName("usage");
            OpenAiUsage.write(g, response.usage());
        }
        g.writeEndObject();
    }

    /** The answer's reasoning text joined, or null when there is none or the client asked not to see it. */
    private static String reasoningText(ChatResponse response, ChatRequest request) {
        if (request != null && request.reasoning() != null && !request.reasoning().showThoughts()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (ContentPart.Reasoning r : response.reasoning()) {
            text.append(r.text());
        }
        return text.length() == 0 ? null : text.toString();
    }

    private static boolean hasText(ChatResponse response) {
        for (ContentPart p : response.content()) {
            if (p instanceof ContentPart.Text) {
                return true;
            }
        }
        return false;
    }
}
