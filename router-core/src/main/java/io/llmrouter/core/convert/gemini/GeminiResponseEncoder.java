package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.json.Json;
import java.util.List;

/** Encodes an intermediate answer as a GenerateContentResponse for a Gemini client. */
final class GeminiResponseEncoder {

    byte[] encode(ChatResponse response, ChatRequest request) {
        return Json.bytes(chunk(response.content(), response.finishReason(), response.usage(), response.model(),
                response.id(), showThoughts(request)));
    }

    /** Whether the client wants thought parts ({@code includeThoughts} not false). */
    static boolean showThoughts(ChatRequest request) {
        return request == null || request.reasoning() == null || request.reasoning().showThoughts();
    }

    /**
     * One GenerateContentResponse: a full answer, or one stream chunk (a stream chunk has the same shape; null
     * {@code finish} leaves {@code finishReason} out). Empty content keeps {@code content} with only its role, as
     * Google does.
     */
    static ObjectNode chunk(List<ContentPart> content, FinishReason finish, TokenCounts usage, String model,
                            String id, boolean showThoughts) {
        ObjectNode root = Json.object();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode c = candidate.putObject("content");
        if (!content.isEmpty()) {
            ArrayNode parts = c.putArray("parts");
            // Gemini's signature goes on the part after its thoughts, as Gemini sends it.
            String signature = null;
            for (ContentPart part : content) {
                ObjectNode written = null;
                if (part instanceof ContentPart.Reasoning r) {
                    if (signature != null) {
                        parts.addObject().put("text", "").put("thoughtSignature", signature);
                        signature = null;
                    }
                    if (showThoughts && !r.text().isEmpty()) {
                        parts.addObject().put("text", r.text()).put("thought", true);
                    }
                    signature = r.signedBy(Protocol.GEMINI) && !r.redacted() ? r.signature() : null;
                } else if (part instanceof ContentPart.Text t) {
                    written = parts.addObject().put("text", t.text());
                } else if (part instanceof ContentPart.ToolCall call) {
                    written = functionCall(call);
                    parts.add(written);
                }
                if (written != null && signature != null) {
                    written.put("thoughtSignature", signature);
                    signature = null;
                }
            }
            if (signature != null) {
                parts.addObject().put("text", "").put("thoughtSignature", signature);
            }
            if (parts.isEmpty()) {
                c.remove("parts");
            }
        }
        c.put("role", "model");
        if (finish != null) {
            candidate.put("finishReason", GeminiFinishReasons.encode(finish));
        }
        candidate.put("index", 0);
        if (usage != null) {
            root.set("usageMetadata", GeminiUsage.encode(usage));
        }
        if (model != null) {
            root.put("modelVersion", model);
        }
        if (id != null) {
            root.put("responseId", id);
        }
        return root;
    }

    /** A functionCall part; the id is included so clients (python-genai copies it) can echo it in functionResponse. */
    static ObjectNode functionCall(ContentPart.ToolCall call) {
        ObjectNode p = Json.object();
        ObjectNode fc = p.putObject("functionCall");
        if (call.id() != null) {
            fc.put("id", call.id());
        }
        fc.put("name", call.name());
        fc.set("args", ToolArguments.toObject(call.arguments()));
        return p;
    }
}
