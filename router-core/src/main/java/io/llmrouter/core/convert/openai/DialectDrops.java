package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a host's dialect ({@link OpenAiWire.Dialect}) removed from a body, found by comparing the body's field names
 * before and after: the dialects state what their host refuses, and this reports it, so neither has to know the other.
 * Renamed fields ({@code seed} as {@code random_seed}) and what the router itself adds ({@code stream_options}) are
 * not losses.
 */
final class DialectDrops {

    /** Body fields the intermediate form has, reported in the client's own terms. */
    private static final Map<String, IrField> MODELLED = Map.ofEntries(
            Map.entry("temperature", IrField.TEMPERATURE), Map.entry("top_p", IrField.TOP_P),
            Map.entry("stop", IrField.STOP), Map.entry("seed", IrField.SEED),
            Map.entry("presence_penalty", IrField.PRESENCE_PENALTY),
            Map.entry("frequency_penalty", IrField.FREQUENCY_PENALTY),
            Map.entry("tool_choice", IrField.TOOL_CHOICE), Map.entry("parallel_tool_calls", IrField.PARALLEL_TOOL_CALLS),
            Map.entry("response_format", IrField.JSON_MODE), Map.entry("user", IrField.USER),
            Map.entry("metadata", IrField.METADATA), Map.entry("reasoning_effort", IrField.REASONING));
    /** Renames and the router's own additions. */
    private static final Set<String> NOT_LOST = Set.of("seed", "max_tokens", "max_completion_tokens",
            "stream_options");

    private final List<String> fields;
    private final List<List<String>> messageFields;

    private DialectDrops(List<String> fields, List<List<String>> messageFields) {
        this.fields = fields;
        this.messageFields = messageFields;
    }

    /** The field names of {@code body} and of its messages. */
    static DialectDrops of(ObjectNode body) {
        List<List<String>> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            messages.add(names(m));
        }
        return new DialectDrops(names(body), messages);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>(object.size());
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Reports what is no longer in {@code body}. */
    void report(ObjectNode body, Drops drops) {
        for (String field : fields) {
            if (!body.has(field) && !(NOT_LOST.contains(field) && renamed(field, body))) {
                IrField modelled = MODELLED.get(field);
                if (modelled != null) {
                    drops.lost(modelled);
                } else {
                    drops.field(field);
                }
            }
        }
        JsonNode messages = body.path("messages");
        for (int i = 0; i < messageFields.size() && i < messages.size(); i++) {
            for (String field : messageFields.get(i)) {
                if (!messages.get(i).has(field)) {
                    if (OpenAiReasoning.CONTENT.equals(field)) {
                        drops.lost(IrField.REASONING_HISTORY);
                    } else {
                        drops.field("messages[]." + field);
                    }
                }
            }
        }
    }

    /** Whether a field the dialect removed went on under another name, or was the router's own. */
    private static boolean renamed(String field, ObjectNode body) {
        return switch (field) {
            case "seed" -> body.has("random_seed");
            case "max_tokens" -> body.has("max_completion_tokens");
            case "max_completion_tokens" -> body.has("max_tokens");
            default -> true;
        };
    }
}
