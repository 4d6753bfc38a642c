package io.llmrouter.service.gateway;

import io.llmrouter.api.Protocol;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The protocol a caller most likely speaks when no chat route has taken its request (an unknown path, a refused
 * connection-level request): from the headers its SDK always sends, then from the path's family; OpenAI's otherwise,
 * the format most clients and tools read. Refusals use it so that they reach an SDK in a format it can parse.
 */
public final class CallerProtocol {

    private CallerProtocol() {
    }

    public static Protocol of(HttpServerRequest request) {
        return of(request.path(), request::getHeader);
    }

    /** {@code path} without its query; {@code header} looks a request header up by name (null when absent). */
    public static Protocol of(String path, UnaryOperator<String> header) {
        String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
        if (header.apply("anthropic-version") != null || p.startsWith("/v1/messages")) {
            return Protocol.ANTHROPIC;
        }
        if (header.apply("x-goog-api-key") != null || p.startsWith("/v1beta/")
                || p.startsWith("/v1/models/") && p.indexOf(':') > 0) {
            return Protocol.GEMINI;
        }
        if (p.startsWith("/v1/responses")) {
            return Protocol.OPENAI_RESPONSES;
        }
        if (p.startsWith("/v2/")) {
            return Protocol.COHERE_V2;
        }
        if (p.equals("/v1/chat") || p.equals("/v1/embed")) {
            return Protocol.COHERE;
        }
        return Protocol.OPENAI;
    }
}
