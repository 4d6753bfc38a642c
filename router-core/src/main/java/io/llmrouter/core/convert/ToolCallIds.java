package io.llmrouter.core.convert;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic tool-call ids for protocols that have none (Gemini, Cohere v1). The same call in the same answer
 * always gets the same id, so a client that replays the conversation sends ids we can map back to names.
 */
public final class ToolCallIds {

    private ToolCallIds() {
    }

    /**
     * {@code call_<hash>_<index>} where the hash covers the seed (e.g. response id or the conversation length), the
     * function name and the arguments.
     */
    public static String synthesize(String seed, int index, String name, String arguments) {
        long h = 1125899906842597L;
        h = mix(h, seed);
        h = mix(h, name);
        h = mix(h, arguments);
        return "call_" + Long.toUnsignedString(h, 36) + "_" + index;
    }

    private static long mix(long h, String s) {
        if (s == null) {
            return h * 31;
        }
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }
}
