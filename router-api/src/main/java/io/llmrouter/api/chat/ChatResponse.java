package io.llmrouter.api.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A complete (non-streamed) answer in the intermediate form.
 *
 * @param id           upstream response id (or a synthesized one)
 * @param model        model that answered, as the upstream reported it
 * @param content      reasoning, text and tool-call parts, in order
 * @param finishReason why generation stopped
 * @param usage        token counts the upstream reported, or null when it reported none
 * @param omitted      parts of the upstream's answer the intermediate form has no place for ({@code citations},
 *                     {@code server_tool_result}, {@code media}, a built-in tool's item type), named once each
 */
public record ChatResponse(String id, String model, List<ContentPart> content, FinishReason finishReason,
                           TokenCounts usage, Set<String> omitted) {

    public ChatResponse {
        content = content == null ? List.of() : List.copyOf(content);
        omitted = omitted == null ? Set.of() : Set.copyOf(omitted);
    }

    /** An answer of which nothing was left out. */
    public ChatResponse(String id, String model, List<ContentPart> content, FinishReason finishReason,
                        TokenCounts usage) {
        this(id, model, content, finishReason, usage, Set.of());
    }

    /** All text parts joined. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentPart p : content) {
            if (p instanceof ContentPart.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /** The tool calls, in order. */
    public List<ContentPart.ToolCall> toolCalls() {
        return partsOf(ContentPart.ToolCall.class);
    }

    /** The reasoning parts, in order. */
    public List<ContentPart.Reasoning> reasoning() {
        return partsOf(ContentPart.Reasoning.class);
    }

    private <T extends ContentPart> List<T> partsOf(Class<T> type) {
        // A loop, not a stream pipeline: encoders ask for this on every answer, and the pipeline showed in profiles.
        List<T> parts = null;
        for (ContentPart p : content) {
            if (type.isInstance(p)) {
                if (parts == null) {
                    parts = new ArrayList<>(2);
                }
                parts.add(type.cast(p));
            }
        }
        return parts == null ? List.of() : Collections.unmodifiableList(parts);
    }

    /** The same response with other usage. */
    public ChatResponse withUsage(TokenCounts counts) {
        return new ChatResponse(id, model, content, finishReason, counts, omitted);
    }
}
