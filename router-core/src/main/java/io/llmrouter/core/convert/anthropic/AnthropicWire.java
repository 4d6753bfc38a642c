package io.llmrouter.core.convert.anthropic;

import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.wire.BaseUrls;
import io.llmrouter.core.wire.ForwardedHeaders;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The wire of Anthropic Messages: {@code <base>/messages} ({@code /v1} after a base URL without a path), the key in
 * {@code x-api-key}, and the API version every call must name. An Anthropic client's own {@code anthropic-version}
 * and {@code anthropic-beta} reach an Anthropic upstream (its body goes as sent, in that version's shapes); a
 * converted call names the version whose shapes the router writes.
 */
final class AnthropicWire {

    /** Sent by Anthropic clients and required by the API ([APY] {@code _client.py}). */
    static final String API_VERSION = "2023-06-01";
    /** The version prefix of a base URL without a path. */
    static final String PREFIX = "/v1";
    static final String VERSION_HEADER = "anthropic-version";
    /** A caller's headers that reach an Anthropic upstream from an Anthropic client. */
    static final Set<String> OPEN_HEADERS = Set.of(VERSION_HEADER, AnthropicBetas.HEADER);
    /** ... and the one naming the caller's workspace, forwarded only when the key lists it. */
    static final Set<String> ACCOUNT_HEADERS = Set.of("anthropic-workspace-id");
    private static final Set<Protocol> FAMILY = Set.of(Protocol.ANTHROPIC);
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private AnthropicWire() {
    }

    /**
     * The request carrying {@code body} to {@code key}'s host, with the caller's headers that reach Anthropic and the
     * betas the conversion needs ({@code extraBetas}); malformed betas of the caller go to {@code drops}.
     */
    static UpstreamRequest request(Key key, byte[] body, boolean stream, ForwardedHeaders forwarded,
                                   Set<String> extraBetas, Drops drops) {
        return request(key, "/messages", body, stream, forwarded, extraBetas, drops);
    }

    /** {@link #request(Key, byte[], boolean, ForwardedHeaders, Set, Drops)} to another resource ({@code path}). */
    static UpstreamRequest request(Key key, String path, byte[] body, boolean stream, ForwardedHeaders forwarded,
                                   Set<String> extraBetas, Drops drops) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", key.apiKey());
        headers.put(VERSION_HEADER, API_VERSION);
        headers.put("content-type", "application/json");
        headers.put("accept", stream ? "text/event-stream" : "application/json");
        boolean anthropicClient = forwarded.client() == Protocol.ANTHROPIC;
        forwarded.send(headers, key, FAMILY, Set.of(), ACCOUNT_HEADERS);
        // A version the key configures wins over the caller's, like every configured header.
        String version = anthropicClient && !key.headers().containsKey(VERSION_HEADER)
                ? forwarded.get(VERSION_HEADER) : null;
        if (version != null && VERSION.matcher(version).matches()) {
            headers.put(VERSION_HEADER, version);
        }
        String betas = AnthropicBetas.merge(anthropicClient ? forwarded.get(AnthropicBetas.HEADER) : null,
                key.headers().get(AnthropicBetas.HEADER), extraBetas, drops);
        if (betas != null) {
            headers.put(AnthropicBetas.HEADER, betas);
        }
        return new UpstreamRequest(BaseUrls.resolve(key, PREFIX, path), headers, body, stream);
    }
}
