package io.llmrouter.core.wire;

import io.llmrouter.api.Key;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The base URL rule (docs/configuration.md): a base URL without a path gets the protocol's version prefix (each
 * protocol's wire knows its own: {@code /v1}, Gemini's {@code /v1beta}), a base URL with a path is used as given and
 * only the operation is appended ({@code https://api.groq.com/openai/v1} + {@code /chat/completions}).
 */
public final class BaseUrls {

    private BaseUrls() {
    }

    /** {@code base + (prefix when base has no path) + operation}; {@code operation} starts with '/'. */
    public static String resolve(Key key, String prefix, String operation) {
        String base = trimmed(key);
        return hasPath(base) ? base + operation : base + prefix + operation;
    }

    /** The key's base URL without surrounding blanks and trailing slashes. */
    public static String trimmed(Key key) {
        String base = key.baseUrl().trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    /**
     * A name as one URL path segment: percent-encoded but for letters, digits and {@code . - _ *}, so a configured
     * model or deployment can neither add path segments nor start a query or a fragment.
     */
    public static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean hasPath(String base) {
        int schemeEnd = base.indexOf("://");
        int slash = base.indexOf('/', schemeEnd < 0 ? 0 : schemeEnd + 3);
        return slash >= 0;
    }
}
