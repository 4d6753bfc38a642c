package io.llmrouter.api.chat;

import io.llmrouter.api.Protocol;

/**
 * One piece of a message: text, an image, a tool call made by the model, a tool's result, or the model's reasoning.
 */
public sealed interface ContentPart
        permits ContentPart.Text, ContentPart.Image, ContentPart.ToolCall, ContentPart.ToolResult,
        ContentPart.Reasoning {

    /** Plain text. */
    record Text(String text) implements ContentPart {
    }

    /**
     * An image, either by URL ({@code url} set) or inline ({@code mediaType} + base64 {@code data}).
     * A {@code data:} URL is always split into media type and data by decoders.
     */
    record Image(String url, String mediaType, String data) implements ContentPart {

        /** An image the target must fetch. */
        public static Image ofUrl(String url) {
            return new Image(url, null, null);
        }

        /** Inline base64 bytes. */
        public static Image ofBase64(String mediaType, String data) {
            return new Image(null, mediaType, data);
        }

        /** True for inline bytes. */
        public boolean inline() {
            return data != null;
        }

        /** The image as a {@code data:} URL (inline) or its URL. */
        public String asUrl() {
            return inline() ? "data:" + mediaType + ";base64," + data : url;
        }
    }

    /**
     * A function call made by the model.
     *
     * @param id        call id; synthesized deterministically when the source protocol has none
     * @param name      function name
     * @param arguments arguments as a JSON text (canonical form; objects are serialized compactly)
     */
    record ToolCall(String id, String name, String arguments) implements ContentPart {
    }

    /**
     * The result of a tool call, sent back by the client.
     *
     * @param toolCallId id of the call answered
     * @param name       function name when known (Gemini and Cohere v1 link results by name)
     * @param content    the result as text (JSON objects are kept as their JSON text)
     * @param isError    whether the tool reported an error
     */
    record ToolResult(String toolCallId, String name, String content, boolean isError) implements ContentPart {
    }

    /**
     * The model's reasoning ("thinking") in an assistant turn: its text as the provider shows it, and the opaque
     * token the provider needs back to continue from it. A signature is only meaningful to the protocol that minted
     * it ({@code origin}): it reaches a client or an upstream of that protocol only (docs/protocols.md, "Reasoning").
     *
     * @param text      thinking text, thought summary, reasoning summary or {@code reasoning_content}; "" when none
     * @param signature opaque replay token (Anthropic signature or redacted data, Gemini {@code thoughtSignature},
     *                  Responses {@code encrypted_content}); null when none
     * @param redacted  Anthropic {@code redacted_thinking}: {@code text} is "" and {@code signature} holds the data
     * @param origin    protocol that minted the signature; null exactly when {@code signature} is null
     * @param id        the provider's item id (Responses {@code rs_...}); null elsewhere
     */
    record Reasoning(String text, String signature, boolean redacted, Protocol origin, String id)
            implements ContentPart {

        public Reasoning {
            text = text == null ? "" : text;
            if ((signature == null) != (origin == null)) {
                throw new IllegalArgumentException("a reasoning signature needs its origin, and only a signature");
            }
        }

        /** Reasoning text without a signature (OpenAI-compatible {@code reasoning_content}, Cohere thinking). */
        public static Reasoning text(String text) {
            return new Reasoning(text, null, false, null, null);
        }

        /** Reasoning text with the signature {@code origin} minted for it. */
        public static Reasoning signed(String text, String signature, Protocol origin) {
            return new Reasoning(text, signature, false, origin, null);
        }

        /** True when the reasoning carries a signature minted by {@code protocol}. */
        public boolean signedBy(Protocol protocol) {
            return signature != null && origin == protocol;
        }
    }
}
