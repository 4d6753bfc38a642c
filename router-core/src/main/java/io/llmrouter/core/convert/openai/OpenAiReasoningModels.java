package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.core.json.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * OpenAI's reasoning models (o1, o3, o4-mini, the gpt-5 family but its chat variants) answer 400 "Unsupported
 * parameter" for sampling controls every other chat model takes: {@code temperature} and {@code top_p} other than 1,
 * the penalties, log probabilities, {@code logit_bias}, and {@code max_tokens} (docs/protocols.md#provider-dialects).
 * A client of another protocol cannot know which model its request reaches, and a 4xx does not fail over, so for
 * these models on OpenAI's own API the request leaves them out and names the limit {@code max_completion_tokens}.
 */
public final class OpenAiReasoningModels {

    private static final Logger LOG = Logger.getLogger(OpenAiReasoningModels.class);
    private static final List<String> PREFIXES = List.of("o1", "o3", "o4", "gpt-5");
    private static final List<String> UNSUPPORTED = List.of("presence_penalty", "frequency_penalty", "logprobs",
            "top_logprobs", "logit_bias");

    private OpenAiReasoningModels() {
    }

    /** Whether {@code model} is one of OpenAI's reasoning models. */
    public static boolean matches(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.contains("-chat")) {
            return false; // gpt-5-chat-latest and the like are chat models
        }
        for (String prefix : PREFIXES) {
            // o1, o1-mini, o3-pro, gpt-5, gpt-5.1, gpt-5-mini; not o10 or gpt-50.
            if (m.startsWith(prefix)
                    && (m.length() == prefix.length() || !Character.isDigit(m.charAt(prefix.length())))) {
                return true;
            }
        }
        return false;
    }

    /** Rewrites an OpenAI request body in place into what a reasoning model accepts. */
    static void adapt(ObjectNode body) {
        List<String> dropped = new ArrayList<>();
        Fields.rename(body, "max_tokens", "max_completion_tokens");
        for (String field : List.of("temperature", "top_p")) {
            JsonNode v = body.get(field);
            if (v != null && !(v.isNumber() && v.doubleValue() == 1.0)) {
                body.remove(field);
                dropped.add(field);
            }
        }
        for (String field : UNSUPPORTED) {
            if (body.remove(field) != null) {
                dropped.add(field);
            }
        }
        if (!dropped.isEmpty()) {
            LOG.debugf("left out of a request to an OpenAI reasoning model (400 otherwise): %s", dropped);
        }
    }
}
