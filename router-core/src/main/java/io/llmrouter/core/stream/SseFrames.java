package io.llmrouter.core.stream;

import java.nio.charset.StandardCharsets;

/** Writes server-sent-event frames. JSON payloads are single-line, so one {@code data:} line suffices. */
public final class SseFrames {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    /** {@code data: <json>\n\n}. */
    public static byte[] data(byte[] json) {
        byte[] out = new byte[6 + json.length + 2];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 6);
        System.arraycopy(json, 0, out, 6, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    /** {@code event: <name>\ndata: <json>\n\n}. */
    public static byte[] event(String name, byte[] json) {
        byte[] head = ("event: " + name + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(json, 0, out, head.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    /** {@code data: [DONE]\n\n} (OpenAI and Cohere v2 terminator). */
    public static byte[] done() {
        return DONE.clone();
    }
}
