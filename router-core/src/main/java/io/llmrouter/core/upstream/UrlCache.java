package io.llmrouter.core.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Parsed upstream URLs, so parsing is not paid per request: endpoints use a handful of URLs (one per endpoint, and per
 * model for Gemini). Bounded: URLs beyond {@link #MAX} are parsed per request rather than cached without limit.
 */
public final class UrlCache<T> {

    static final int MAX = 1024;

    private final Map<String, T> parsed = new ConcurrentHashMap<>();
    private final Function<String, T> parser;

    public UrlCache(Function<String, T> parser) {
        this.parser = parser;
    }

    public T get(String url) {
        T t = parsed.get(url);
        if (t == null) {
            t = parser.apply(url);
            if (parsed.size() < MAX) {
                parsed.putIfAbsent(url, t);
            }
        }
        return t;
    }
}
