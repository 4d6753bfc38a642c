package io.llmrouter.core.convert.openai;

import io.llmrouter.api.Key;
import java.util.Locale;

/**
 * The host of a key's base URL, lower case, for the few OpenAI-compatible providers whose dialect differs
 * ({@link MistralRequests}, {@link ZhipuRequests}, OpenAI's own output-limit name and reasoning models, on Chat
 * Completions and Responses alike). Parsed by hand rather than with
 * {@code URI.create}: it runs on every call to an OpenAI-protocol upstream, and start-up has validated the URL.
 */
public final class UpstreamHost {

    /** OpenAI's own API, as opposed to an OpenAI-compatible one. */
    public static final String OPENAI = "api.openai.com";

    private UpstreamHost() {
    }

    /** The host of {@code key}'s base URL, lower case. */
    public static String of(Key key) {
        String base = key.baseUrl().trim();
        int start = base.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = start;
        while (end < base.length() && base.charAt(end) != '/' && base.charAt(end) != ':') {
            end++;
        }
        return base.substring(start, end).toLowerCase(Locale.ROOT);
    }

    /** Whether {@code host} is {@code domain} or one of its subdomains. */
    static boolean within(String host, String domain) {
        return host.equals(domain) || host.length() > domain.length() && host.endsWith(domain)
                && host.charAt(host.length() - domain.length() - 1) == '.';
    }
}
