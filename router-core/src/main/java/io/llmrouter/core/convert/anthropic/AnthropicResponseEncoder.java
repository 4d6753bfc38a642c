package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Json;
import java.io.IOException;

/** Encodes an IR answer as an Anthropic message for an Anthropic client. */
final class AnthropicResponseEncoder {

    private AnthropicResponseEncoder() {
    }

    static byte[] encode(ChatResponse response, ChatRequest request) {
        return Json.write(g -> write(g, response, request));
    }

    private static void write(JsonGenerator g, ChatResponse response, ChatRequest request) throws IOException {
        String id = response.id() == null ? "msg_" + ToolCallIds.synthesize(null, 0, response.model(), response.text())
                : response.id();
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("type", "message");
        g.writeStringField("role", "assistant");
        g.writeStringField("model",
                response.model() != null ? response.model() : request == null ? null : request.model());
        g.writeArrayFieldStart("content");
        int toolIndex = 0;
        boolean showThoughts = request == null || request.reasoning() == null || request.reasoning().showThoughts();
        for (ContentPart part : response.content()) {
            if (part instanceof ContentPart.Reasoning r) {
                reasoning(g, r, showThoughts);
            } else if (part instanceof ContentPart.Text t) {
                if (!t.text().isEmpty()) {
                    g.writeStartObject();
                    g.writeStringField("type", "text");
                    g.writeStringField("text", t.text());
                    g.writeEndObject();
                }
            } else if (part instanceof ContentPart.ToolCall call) {
                g.writeStartObject();
                g.writeStringField("type", "tool_use");
                g.writeStringField("id", call.id() != null ? AnthropicRequestEncoder.toolId(call.id())
                        : ToolCallIds.synthesize(id, toolIndex, call.name(), call.arguments()));
                g.writeStringField("name", call.name());
                g.writeFieldName("input");
                g.writeTree(ToolArguments.toObject(call.arguments()));
                g.writeEndObject();
                toolIndex++;
            }
        }
        g.writeEndArray();
        g.writeStringField("stop_reason", AnthropicStopReasons.encode(response.finishReason(), toolIndex > 0));
        // The IR does not record which stop sequence matched.
        g.writeNullField("stop_sequence");
        // usage is required in Anthropic messages; unknown counts are sent as zeros.
        g.writeFieldName("usage");
        AnthropicUsage.write(g, response.usage());
        g.writeEndObject();
    }

    /**
     * A thinking block. Anthropic's own signature goes back as it came; reasoning another provider did is shown with an
     * empty signature (Anthropic's SDKs accept it; the router removes such blocks when they come back), and its
     * redacted reasoning, which the client could neither read nor replay, is left out.
     */
    private static void reasoning(JsonGenerator g, ContentPart.Reasoning r, boolean showThoughts) throws IOException {
        boolean own = r.signedBy(Protocol.ANTHROPIC);
        if (r.redacted()) {
            if (own) {
                g.writeStartObject();
                g.writeStringField("type", "redacted_thinking");
                g.writeStringField("data", r.signature());
                g.writeEndObject();
            }
            return;
        }
        String text = showThoughts ? r.text() : "";
        if (text.isEmpty() && !own) {
            return;
        }
        g.writeStartObject();
        g.writeStringField("type", "thinking");
        g.writeStringField("thinking", text);
        g.writeStringField("signature", own ? r.signature() : "");
        g.writeEndObject();
    }
}
