package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.convert.openai.OpenAiReasoningModels;
import io.llmrouter.core.convert.openai.UpstreamHost;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.BaseUrls;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wire of OpenAI Responses: {@code <base>/responses} ({@code /v1} after a base URL without a path), the key as
 * {@code Authorization: Bearer}, and OpenAI's own rules for its models. On {@code api.openai.com} a reasoning model
 * (o-series, gpt-5) refuses sampling controls other than 1, and any other model refuses {@code reasoning} and the
 * encrypted reasoning it would {@code include} (400 "not supported with this model"); a converted request cannot know
 * which model it reaches, and a 400 does not fail over, so both are left out there (and reported as dropped). Other
 * hosts get the body as is. The caller's OpenAI headers ({@code OpenAI-Beta}; the account's only when the key says so)
 * reach the upstream when the caller spoke one of OpenAI's protocols.
 */
final class ResponsesWire {

    /** The caller's headers an upstream of the OpenAI family takes: the betas it opted into... */
    static final Set<String> OPEN_HEADERS = Set.of("openai-beta");
    /** ... and those that name the caller's account, forwarded only when the key lists them. */
    static final Set<String> ACCOUNT_HEADERS = Set.of("openai-organization", "openai-project");
    /** The clients whose headers a Responses upstream takes: OpenAI's, of either API. */
    private static final Set<Protocol> FAMILY = Set.of(Protocol.OPENAI, Protocol.OPENAI_RESPONSES);
    /** The version prefix of a base URL without a path. */
    static final String PREFIX = "/v1";
    /** The {@code include} value that asks for the encrypted reasoning a stateless caller must replay. */
    static final String ENCRYPTED_REASONING = "reasoning.encrypted_content";

    private ResponsesWire() {
    }

    /** The request carrying {@code body} for {@code out}'s attempt, with the caller's headers its key lets through. */
    static UpstreamRequest request(Outbound out, ObjectNode body, boolean stream) {
        Key key = out.key();
        if (UpstreamHost.OPENAI.equals(UpstreamHost.of(key))) {
            adaptToOpenAi(body, out.drops());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + key.apiKey());
        headers.put("Content-Type", "application/json");
        headers.put("Accept", stream ? "text/event-stream" : "application/json");
        out.headers().send(headers, key, FAMILY, OPEN_HEADERS, ACCOUNT_HEADERS);
        return new UpstreamRequest(BaseUrls.resolve(key, PREFIX, "/responses"), headers, Json.bytes(body), stream);
    }

    /** Rewrites a body in place into what OpenAI's own API accepts for its model; what it removes goes to drops. */
    static void adaptToOpenAi(ObjectNode body, Drops drops) {
        if (OpenAiReasoningModels.matches(body.path("model").asText(""))) {
            for (IrField field : List.of(IrField.TEMPERATURE, IrField.TOP_P)) {
                JsonNode v = body.get(field.defaultName());
                if (v != null && !(v.isNumber() && v.doubleValue() == 1.0)) {
                    body.remove(field.defaultName());
                    drops.lost(field);
                }
            }
            return;
        }
        boolean reasoning = body.remove("reasoning") != null;
        if (body.get("include") instanceof ArrayNode include) {
            for (int i = include.size() - 1; i >= 0; i--) {
                if (ENCRYPTED_REASONING.equals(include.get(i).asText())) {
                    include.remove(i);
                    reasoning = true;
                }
            }
        }
        if (reasoning) {
            drops.lost(IrField.REASONING);
        }
    }
}
