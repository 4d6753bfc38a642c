package io.llmrouter.api.chat;

/** One piece of a message: text, an image, a tool call made by the model, or a tool's result. */
public sealed interface ContentPart
        permits ContentPart.Text, ContentPart.Image, ContentPart.ToolCall, ContentPart.ToolResult {

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
}
