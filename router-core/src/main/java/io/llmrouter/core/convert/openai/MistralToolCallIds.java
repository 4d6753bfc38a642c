package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Mistral's API answers 400 for a tool-call id that is not exactly nine letters and digits (PROTOCOLS.md §4 and §8),
 * so the ids of a conversation that began elsewhere ({@code toolu_...}, {@code call_...}, the router's own) are
 * rewritten on their way there. Each id maps to the same nine characters every time, so a call and its result stay
 * linked, across turns too; ids already in Mistral's form are kept. The ids only link calls to results inside the
 * request: the answer's new calls carry Mistral's own ids, so the client never sees a rewritten one.
 */
final class MistralToolCallIds {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int LENGTH = 9;

    private MistralToolCallIds() {
    }

    /** Whether {@code key} is Mistral's API ({@code api.mistral.ai}, {@code codestral.mistral.ai}, ...). */
    static boolean applies(Key key) {
        // By hand rather than URI.create: this runs on every call to an OpenAI-protocol upstream.
        String base = key.baseUrl().trim();
        int start = base.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = start;
        while (end < base.length() && base.charAt(end) != '/' && base.charAt(end) != ':') {
            end++;
        }
        String host = base.substring(start, end).toLowerCase(Locale.ROOT);
        return host.equals("mistral.ai") || host.endsWith(".mistral.ai");
    }

    /** Rewrites the ids of every assistant tool call and tool message of an OpenAI request body in place. */
    static void rewrite(ObjectNode body) {
        for (JsonNode message : body.path("messages")) {
            if (!(message instanceof ObjectNode m)) {
                continue;
            }
            for (JsonNode call : m.path("tool_calls")) {
                if (call instanceof ObjectNode c && c.path("id").isTextual()) {
                    c.put("id", of(c.path("id").textValue()));
                }
            }
            if (m.path("tool_call_id").isTextual()) {
                m.put("tool_call_id", of(m.path("tool_call_id").textValue()));
            }
        }
    }

    /** The id in Mistral's form: itself when it already is, else nine characters derived from it. */
    static String of(String id) {
        if (id.length() == LENGTH && id.chars().allMatch(ch -> ch < 128 && Character.isLetterOrDigit(ch))) {
            return id;
        }
        // FNV-1a, 64 bits: 62^9 ids leave collisions inside one conversation out of reach.
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET.charAt((int) Long.remainderUnsigned(h, ALPHABET.length()));
            h = Long.divideUnsigned(h, ALPHABET.length());
        }
        return new String(out);
    }
}
