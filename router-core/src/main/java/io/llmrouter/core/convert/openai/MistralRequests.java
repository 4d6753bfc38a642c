package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Mistral's OpenAI-compatible API refuses what OpenAI accepts (docs/protocols.md#provider-dialects): any field it does
 * not declare is a 422 "Extra inputs are not permitted" ({@code stream_options}, which the router adds to every stream,
 * {@code seed}, {@code user}, {@code max_completion_tokens}, a replayed message's {@code refusal}), and a tool-call id
 * that is not exactly nine letters and digits is a 400. A 4xx is the caller's fault to the router, so without this
 * every stream, and every conversation that began with another provider, would fail there without failing over. The
 * body goes out in Mistral's dialect instead, converted or passed through: {@code seed} as {@code random_seed},
 * {@code max_completion_tokens} as {@code max_tokens}, fields outside Mistral's request schema left out (Mistral
 * reports usage at the end of a stream anyway), tool-call ids rewritten.
 *
 * <p>Each id maps to the same nine characters every time, so a call and its result stay linked, across turns too; ids
 * already in Mistral's form are kept. The ids only link calls to results inside the request: the answer's new calls
 * carry Mistral's own ids, so the client never sees a rewritten one.
 */
final class MistralRequests {

    private static final Logger LOG = Logger.getLogger(MistralRequests.class);

    /** The request fields of Mistral's chat completions API (docs.mistral.ai, API reference, chat). */
    private static final Set<String> FIELDS = Set.of("model", "messages", "temperature", "top_p", "max_tokens",
            "stream", "stop", "random_seed", "response_format", "tools", "tool_choice", "presence_penalty",
            "frequency_penalty", "n", "prediction", "parallel_tool_calls", "prompt_mode", "safe_prompt");
    /** The message fields it declares, over all roles. */
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "tool_calls", "tool_call_id", "name",
            "prefix");
    private static final int ID_LENGTH = 9;

    private MistralRequests() {
    }

    /** Whether {@code host} ({@link UpstreamHost}) is Mistral's API: {@code api.mistral.ai}, {@code codestral...}. */
    static boolean serves(String host) {
        return UpstreamHost.within(host, "mistral.ai");
    }

    /** Rewrites an OpenAI request body in place into what Mistral accepts. */
    static void adapt(ObjectNode body) {
        Fields.rename(body, "seed", "random_seed");
        Fields.rename(body, "max_completion_tokens", "max_tokens");
        List<String> dropped = new ArrayList<>();
        body.properties().removeIf(e -> !FIELDS.contains(e.getKey()) && dropped.add(e.getKey()));
        for (JsonNode message : body.path("messages")) {
            if (message instanceof ObjectNode m) {
                m.properties().removeIf(e -> !MESSAGE_FIELDS.contains(e.getKey()) && dropped.add(e.getKey()));
                ids(m);
            }
        }
        if (!dropped.isEmpty()) {
            LOG.debugf("left out of a Mistral request (not in its schema): %s", dropped);
        }
    }

    private static void ids(ObjectNode message) {
        for (JsonNode call : message.path("tool_calls")) {
            if (call instanceof ObjectNode c && c.path("id").isTextual()) {
                c.put("id", id(c.path("id").textValue()));
            }
        }
        if (message.path("tool_call_id").isTextual()) {
            message.put("tool_call_id", id(message.path("tool_call_id").textValue()));
        }
    }

    /** The id in Mistral's form: itself when it already is, else nine characters derived from it. */
    static String id(String id) {
        return ToolCallIds.alphanumeric(id, ID_LENGTH);
    }
}
