package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.BaseUrls;
import io.llmrouter.core.wire.ForwardedHeaders;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The wire of OpenAI Chat Completions: where a call goes ({@code <base>/chat/completions}, with {@code /v1} after a
 * base URL without a path), its credentials ({@code Authorization: Bearer}), and the dialect of the host it goes to.
 * Many providers speak this protocol, some with a twist (docs/protocols.md#provider-dialects); the host's dialect puts
 * a body converted by {@link OpenAiRequestEncoder}, or passed through, into that host's terms, so that conversion
 * knows no host.
 */
final class OpenAiWire {

    /** The version prefix of a base URL without a path. */
    static final String PREFIX = "/v1";
    /** A caller's headers that reach an OpenAI upstream from an OpenAI client. */
    static final Set<String> OPEN_HEADERS = Set.of("openai-beta");
    /** ... and those that name the caller's account, forwarded only when the key lists them. */
    static final Set<String> ACCOUNT_HEADERS = Set.of("openai-organization", "openai-project");
    /** The clients whose headers an OpenAI upstream takes. */
    private static final Set<Protocol> FAMILY = Set.of(Protocol.OPENAI, Protocol.OPENAI_RESPONSES);

    private OpenAiWire() {
    }

    /** The dialects of the hosts that speak OpenAI's protocol. */
    enum Dialect {
        /**
         * OpenAI's own API: the output limit is named {@code max_completion_tokens}, and its reasoning models take no
         * sampling controls ({@link OpenAiReasoningModels}).
         */
        OPENAI,
        /** Mistral's API, which refuses fields it does not declare ({@link MistralRequests}). */
        MISTRAL,
        /** Zhipu's GLM API, which refuses a temperature or top_p above 1 ({@link ZhipuRequests}). */
        ZHIPU,
        /** Every other OpenAI-compatible host (Groq, DeepSeek, vLLM, ...): the body as converted. */
        COMPATIBLE;

        /** Whether the output limit goes out as {@code max_completion_tokens} rather than {@code max_tokens}. */
        boolean completionTokens() {
            return this == OPENAI;
        }

        /** Rewrites an OpenAI body in place into what this host accepts. */
        void adapt(ObjectNode body) {
            switch (this) {
                case MISTRAL -> MistralRequests.adapt(body);
                case ZHIPU -> ZhipuRequests.adapt(body);
                case OPENAI -> {
                    // OpenAI's own models neither take reasoning back nor accept fields it does not declare.
                    OpenAiReasoning.removeHistory(body);
                    if (OpenAiReasoningModels.matches(body.path("model").asText())) {
                        OpenAiReasoningModels.adapt(body);
                    } else {
                        // Chat models answer 400 "Unrecognized request argument" for it.
                        body.remove(OpenAiReasoning.EFFORT);
                    }
                }
                case COMPATIBLE -> {
                }
            }
        }
    }

    /** The dialect of the host of {@code key}'s base URL. */
    static Dialect dialect(Key key) {
        String host = UpstreamHost.of(key);
        if (MistralRequests.serves(host)) {
            return Dialect.MISTRAL;
        }
        if (ZhipuRequests.serves(host)) {
            return Dialect.ZHIPU;
        }
        return UpstreamHost.OPENAI.equals(host) ? Dialect.OPENAI : Dialect.COMPATIBLE;
    }

    /**
     * The request carrying {@code body}, adapted to {@code dialect}, to {@code key}'s host; what the dialect leaves out
     * goes to {@code drops}.
     */
    static UpstreamRequest request(Key key, Dialect dialect, ObjectNode body, boolean stream, Drops drops,
                                   ForwardedHeaders forwarded) {
        if (dialect == Dialect.COMPATIBLE) {
            dialect.adapt(body);
        } else {
            DialectDrops before = DialectDrops.of(body);
            dialect.adapt(body);
            before.report(body, drops);
        }
        return post(key, "/chat/completions", body, stream, forwarded);
    }

    /**
     * The request carrying {@code body} as it is to {@code operation} ({@code /chat/completions},
     * {@code /embeddings}) of {@code key}'s host.
     */
    static UpstreamRequest post(Key key, String operation, ObjectNode body, boolean stream,
                                ForwardedHeaders forwarded) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + key.apiKey());
        headers.put("Content-Type", "application/json");
        headers.put("Accept", stream ? "text/event-stream" : "application/json");
        forwarded.send(headers, key, FAMILY, OPEN_HEADERS, ACCOUNT_HEADERS);
        return new UpstreamRequest(BaseUrls.resolve(key, PREFIX, operation), headers, Json.bytes(body), stream);
    }
}
