package io.llmrouter.core.convert;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic tool-call ids for protocols that have none (Gemini, Cohere v1), and for providers that accept only
 * their own form of id (Mistral). The same call in the same answer always gets the same id, so a client that replays
 * the conversation sends ids we can map back to names.
 */
public final class ToolCallIds {

    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

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

    /**
     * {@code id} itself when it is already {@code length} ASCII letters and digits, else that many such characters
     * derived from it: the same every time, so a call and its result stay linked across turns. For providers that
     * restrict the form of ids they are sent (Mistral: nine).
     */
    public static String alphanumeric(String id, int length) {
        if (id.length() == length && id.chars().allMatch(ch -> ch < 128 && Character.isLetterOrDigit(ch))) {
            return id;
        }
        // FNV-1a, 64 bits: 62^9 ids leave collisions inside one conversation out of reach.
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHANUMERIC.charAt((int) Long.remainderUnsigned(h, ALPHANUMERIC.length()));
            h = Long.divideUnsigned(h, ALPHANUMERIC.length());
        }
        return new String(out);
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
