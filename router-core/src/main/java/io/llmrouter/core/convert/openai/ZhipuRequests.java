package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;

/**
 * Zhipu's GLM API (BigModel, Z.ai) answers 400 for a {@code temperature} or {@code top_p} outside [0, 1], where
 * OpenAI and Gemini allow a temperature up to 2 (docs/protocols.md#provider-dialects). They are clamped, as one-api
 * does and as the Anthropic encoder does for the same range, rather than failing a request another endpoint would have
 * served.
 */
final class ZhipuRequests {

    private static final Logger LOG = Logger.getLogger(ZhipuRequests.class);

    private ZhipuRequests() {
    }

    /** Whether {@code host} ({@link UpstreamHost}) is Zhipu's API: {@code open.bigmodel.cn}, or {@code api.z.ai}. */
    static boolean serves(String host) {
        return UpstreamHost.within(host, "bigmodel.cn") || UpstreamHost.within(host, "z.ai");
    }

    /** Clamps the sampling fields of an OpenAI request body in place. */
    static void adapt(ObjectNode body) {
        clamp(body, "temperature");
        clamp(body, "top_p");
    }

    private static void clamp(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isNumber()) {
            return;
        }
        double v = value.doubleValue();
        double clamped = Math.max(0, Math.min(1, v));
        if (clamped != v) {
            LOG.debugf("%s %s clamped to Zhipu's range: %s", field, v, clamped);
            body.put(field, clamped);
        }
    }
}
