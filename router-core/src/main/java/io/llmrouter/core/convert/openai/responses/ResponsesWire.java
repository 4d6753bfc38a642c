package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.core.convert.openai.OpenAiReasoningModels;
import io.llmrouter.core.convert.openai.UpstreamHost;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.BaseUrls;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The wire of OpenAI Responses: {@code <base>/responses} ({@code /v1} after a base URL without a path), the key as
 * {@code Authorization: Bearer}, and OpenAI's own rules for its models. On {@code api.openai.com} a reasoning model
 * (o-series, gpt-5) refuses sampling controls other than 1, and any other model refuses {@code reasoning} and the
 * encrypted reasoning it would {@code include} (400 "not supported with this model"); a converted request cannot know
 * which model it reaches, and a 400 does not fail over, so both are left out there. Other hosts get the body as is.
 */
final class ResponsesWire {

    private static final Logger LOG = Logger.getLogger(ResponsesWire.class);
    /** The version prefix of a base URL without a path. */
    static final String PREFIX = "/v1";
    /** The {@code include} value that asks for the encrypted reasoning a stateless caller must replay. */
    static final String ENCRYPTED_REASONING = "reasoning.encrypted_content";

    private ResponsesWire() {
    }

    /** The request carrying {@code body} to {@code key}'s host. */
    static UpstreamRequest request(Key key, ObjectNode body, boolean stream) {
        if (UpstreamHost.OPENAI.equals(UpstreamHost.of(key))) {
            adaptToOpenAi(body);
        }
        Map<String, String> headers = Map.of("Authorization", "Bearer " + key.apiKey(),
                "Content-Type", "application/json",
                "Accept", stream ? "text/event-stream" : "application/json");
        return new UpstreamRequest(BaseUrls.resolve(key, PREFIX, "/responses"), headers, Json.bytes(body), stream);
    }

    /** Rewrites a body in place into what OpenAI's own API accepts for its model. */
    static void adaptToOpenAi(ObjectNode body) {
        List<String> dropped = new ArrayList<>(2);
        if (OpenAiReasoningModels.matches(body.path("model").asText(""))) {
            for (String field : List.of("temperature", "top_p")) {
                JsonNode v = body.get(field);
                if (v != null && !(v.isNumber() && v.doubleValue() == 1.0)) {
                    body.remove(field);
                    dropped.add(field);
                }
            }
        } else {
            if (body.remove("reasoning") != null) {
                dropped.add("reasoning");
            }
            if (body.get("include") instanceof ArrayNode include) {
                for (int i = include.size() - 1; i >= 0; i--) {
                    if (ENCRYPTED_REASONING.equals(include.get(i).asText())) {
                        include.remove(i);
                        dropped.add("include=" + ENCRYPTED_REASONING);
                    }
                }
            }
        }
        if (!dropped.isEmpty()) {
            LOG.debugf("left out of a Responses request to OpenAI for its model (400 otherwise): %s", dropped);
        }
    }
}
