package io.llmrouter.core.stream;

/**
 * The most a stream decoder holds of one frame while it waits for the frame's end: one line (SSE, or an NDJSON
 * event), and one SSE event's data lines together. Over either, decoding stops with an
 * {@link io.llmrouter.core.failure.UpstreamFault}: a line or event that never ends cannot fill the memory.
 *
 * @param maxLineBytes  longest line, in bytes without its terminator ({@code router.upstream.max-line-size})
 * @param maxEventBytes largest SSE event, the bytes of its data lines together ({@code router.upstream.max-event-size})
 */
public record FrameLimits(int maxLineBytes, int maxEventBytes) {

    /** The largest limit of any size (1 GiB): a frame or an answer is held in one array. */
    public static final int MAX_BYTES = 1 << 30;

    /**
     * 16 MiB each: an event may carry a generated image as base64 on one data line (Gemini's image models send
     * about 2 MB per image), and the defaults leave room for several.
     */
    public static final FrameLimits DEFAULTS = new FrameLimits(16 << 20, 16 << 20);

    public FrameLimits {
        if (maxLineBytes < 1 || maxLineBytes > MAX_BYTES) {
            throw new IllegalArgumentException("maxLineBytes must be between 1 and " + MAX_BYTES + ", got "
                    + maxLineBytes);
        }
        if (maxEventBytes < 1 || maxEventBytes > MAX_BYTES) {
            throw new IllegalArgumentException("maxEventBytes must be between 1 and " + MAX_BYTES + ", got "
                    + maxEventBytes);
        }
    }
}
