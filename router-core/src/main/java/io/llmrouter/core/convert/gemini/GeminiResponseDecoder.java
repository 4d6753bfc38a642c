package io.llmrouter.core.convert.gemini;

import static io.llmrouter.core.convert.gemini.GeminiNames.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Decodes an upstream GenerateContentResponse (first candidate) into the intermediate answer. */
final class GeminiResponseDecoder {

    ChatResponse decode(byte[] body) {
        JsonNode root;
        try {
            root = Json.tree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new RouterException(new ApiError(ErrorKind.BAD_GATEWAY, 502,
                    "the Gemini upstream answered with a body that is not a JSON object", null));
        }
        if (root.has("error")) {
            throw new RouterException(new GeminiErrors().decode(502, body).error());
        }
        try {
            return decode(root, body);
        } catch (RouterException e) {
            // Shape errors in an upstream answer are the upstream's fault, not the client's 400.
            throw new RouterException(new ApiError(ErrorKind.BAD_GATEWAY, 502,
                    "the Gemini upstream answer is malformed: " + e.getMessage(), null));
        }
    }

    private static ChatResponse decode(JsonNode root, byte[] body) {
        String id = responseId(root, body);
        List<ContentPart> content = new ArrayList<>();
        Set<String> omitted = new TreeSet<>();
        String reason = null;
        List<JsonNode> candidates = GeminiNames.list(field(root, "candidates"), "candidates");
        if (!candidates.isEmpty()) {
            JsonNode candidate = candidates.get(0);
            reason = Fields.optString(field(candidate, "finishReason"), "candidates[0].finishReason");
            int calls = 0;
            GeminiThinking.Reader thoughts = new GeminiThinking.Reader();
            for (JsonNode part : GeminiNames.list(field(field(candidate, "content"), "parts"), "parts")) {
                if (thoughts.read(part, content)) {
                    continue;
                }
                ContentPart p = part(part, id, calls);
                if (p instanceof ContentPart.ToolCall) {
                    calls++;
                }
                if (p != null) {
                    content.add(p);
                } else {
                    omittedPart(part, omitted);
                }
            }
            thoughts.flush(content);
            omittedOfCandidate(candidate, omitted);
        }
        FinishReason finish;
        if (candidates.isEmpty() && field(field(root, "promptFeedback"), "blockReason") != null) {
            finish = FinishReason.CONTENT_FILTER; // whole prompt blocked: HTTP 200 with no candidates
        } else {
            finish = GeminiFinishReasons.decode(reason, content.stream().anyMatch(ContentPart.ToolCall.class::isInstance));
        }
        String model = Fields.optString(field(root, "modelVersion"), "response.modelVersion");
        return new ChatResponse(id, model, content, finish, GeminiUsage.decode(field(root, "usageMetadata")),
                omitted);
    }

    /**
     * One answer part: text, or a function call with its id (Gemini's own {@code id} when present, else synthesized
     * from the response id); null for a thought part ({@link GeminiThinking} reads those) and for inline output media,
     * which the IR answer cannot carry.
     */
    static ContentPart part(JsonNode part, String responseId, int callIndex) {
        JsonNode call = field(part, "functionCall");
        if (call != null) {
            String name = call.path("name").asText("");
            String args = ToolArguments.toText(field(call, "args"));
            String id = call.path("id").asText("");
            if (id.isEmpty()) {
                id = ToolCallIds.synthesize(responseId, callIndex, name, args);
            }
            return new ContentPart.ToolCall(id, name, args);
        }
        if (GeminiThinking.isThought(part)) {
            return null;
        }
        JsonNode text = field(part, "text");
        if (text != null && text.isTextual()) {
            return text.asText().isEmpty() ? null : new ContentPart.Text(text.asText());
        }
        return null;
    }

    /**
     * Names an answer part {@link #part} gave nothing for into {@code omitted}: {@code media} for inline or file data
     * (images, audio), else the part's kind ({@code executableCode}, {@code codeExecutionResult}, ...). Thoughts and
     * empty text are no loss.
     */
    static void omittedPart(JsonNode part, Set<String> omitted) {
        if (part == null || !part.isObject() || GeminiThinking.isThought(part) || field(part, "text") != null
                || field(part, "functionCall") != null) {
            return;
        }
        if (field(part, "inlineData") != null || field(part, "fileData") != null) {
            omitted.add("media");
            return;
        }
        for (Iterator<String> names = part.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("thoughtSignature") && !name.equals("thought_signature")) {
                omitted.add(name);
                return;
            }
        }
    }

    /** Names what a candidate says beside its parts that no client receives: citations and grounding sources. */
    static void omittedOfCandidate(JsonNode candidate, Set<String> omitted) {
        if (field(candidate, "citationMetadata") != null) {
            omitted.add("citations");
        }
        if (field(candidate, "groundingMetadata") != null) {
            omitted.add("grounding");
        }
    }

    /** Gemini's {@code responseId}, or a deterministic stand-in derived from the body. */
    static String responseId(JsonNode root, byte[] body) {
        JsonNode id = field(root, "responseId");
        if (id != null && id.isTextual() && !id.asText().isEmpty()) {
            return id.asText();
        }
        return synthesizedId(body);
    }

    static String synthesizedId(byte[] basis) {
        long h = 1125899906842597L;
        for (byte b : basis) {
            h = 31 * h + b;
        }
        return "gemini-" + Long.toUnsignedString(h, 36);
    }

    static String synthesizedId(String basis) {
        return synthesizedId(basis.getBytes(StandardCharsets.UTF_8));
    }
}
