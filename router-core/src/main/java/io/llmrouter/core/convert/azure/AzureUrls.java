package io.llmrouter.core.convert.azure;

import io.llmrouter.api.Key;
import io.llmrouter.core.wire.BaseUrls;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Azure OpenAI chat URLs. The base URL is the resource URL ({@code https://{resource}.openai.azure.com}); a base
 * whose path ends in {@code /openai/v1} selects the v1 API ({@code {base}/chat/completions}, no api-version,
 * deployment in the body), anything else the classic deployment URL with {@code api-version}
 * (docs/protocols.md#provider-dialects).
 */
public final class AzureUrls {

    private AzureUrls() {
    }

    /** The chat completions URL for {@code deployment} on this key's resource. */
    public static String chatCompletions(Key key, String deployment) {
        String base = key.baseUrl().trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.endsWith("/openai/v1")) {
            return base + "/chat/completions";
        }
        if (base.endsWith("/openai")) {
            // Tolerate a base URL copied with the /openai segment: it must not be doubled.
            base = base.substring(0, base.length() - "/openai".length());
        }
        // Deployment names are used as configured (no dot stripping as one-api does): they are the user's names.
        return base + "/openai/deployments/" + BaseUrls.segment(deployment) + "/chat/completions?api-version="
                + URLEncoder.encode(key.effectiveApiVersion(), StandardCharsets.UTF_8);
    }
}
