package io.llmrouter.service.gateway;

import io.vertx.core.http.HttpServerRequest;

/**
 * Reads the caller's key from whichever place its SDK puts it: {@code Authorization: Bearer}, {@code x-api-key}
 * (Anthropic), {@code x-goog-api-key} or {@code ?key=} (Gemini). The key is only passed to the tenant lookup.
 */
public final class InboundKeys {

    private InboundKeys() {
    }

    /** The presented key, or null when the request carries none. */
    public static String extract(HttpServerRequest request) {
        String auth = request.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = auth.substring(7).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        String key = request.getHeader("x-api-key");
        if (key == null || key.isBlank()) {
            key = request.getHeader("x-goog-api-key");
        }
        if (key == null || key.isBlank()) {
            key = request.getParam("key");
        }
        return key == null || key.isBlank() ? null : key.trim();
    }
}
