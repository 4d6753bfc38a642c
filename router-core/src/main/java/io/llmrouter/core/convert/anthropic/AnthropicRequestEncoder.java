package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.DataUrls;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Encodes an IR request as an Anthropic Messages request, enforcing Anthropic's turn rules: consecutive same-role
 * turns are merged, IR TOOL messages become {@code tool_result} blocks of ONE user turn placed right after the
 * assistant {@code tool_use} turn (with the next user message's blocks merged after the results), and the first turn
 * is a user turn.
 */
final class AnthropicRequestEncoder {

    /**
     * Text of the user turn inserted when a conversation starts with an assistant turn. The Messages API has
     * historically rejected a leading assistant turn ("first message must use the user role") and no change of that
     * rule is documented, so a minimal, visible placeholder keeps such a conversation valid.
     */
    static final String LEADING_USER_PLACEHOLDER = "(continue)";

    /** Media types Anthropic accepts for base64 images ([APY] {@code base64_image_source_param.py}). */
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private static final Logger LOG = Logger.getLogger(AnthropicRequestEncoder.class);

    private final int defaultMaxTokens;

    AnthropicRequestEncoder(int defaultMaxTokens) {
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /** A Messages body and the betas it needs. */
    record Encoded(byte[] body, Set<String> betas) {
    }

    /** The Messages body for {@code request}, asking for {@code model}; what it cannot carry goes to {@code drops}. */
    Encoded encode(ChatRequest request, String model, Drops drops) {
        // Everything that can refuse the request (turn rules, image types, strict drops) runs before the first byte
        // is written.
        List<Turn> turns = turns(request.messages(), drops);
        lost(request, drops);
        AnthropicThinking.Plan thinking = AnthropicThinking.plan(request, model, defaultMaxTokens, drops);
        if (thinking.on()) {
            lostWhileThinking(request, drops);
        }
        byte[] body = Json.write(g -> write(g, request, model, turns, thinking));
        return new Encoded(body, thinking.interleaved(request) ? Set.of(AnthropicThinking.INTERLEAVED_BETA)
                : Set.of());
    }

    /** Sampling controls Anthropic refuses while the model thinks. */
    private static void lostWhileThinking(ChatRequest request, Drops drops) {
        if (request.temperature() != null && request.temperature() != 1.0) {
            drops.lost(IrField.TEMPERATURE);
        }
        if (request.topK() != null) {
            drops.lost(IrField.TOP_K);
        }
        if (request.topP() != null && request.topP() < 0.95) {
            drops.lost(IrField.TOP_P);
        }
    }

    /** What Anthropic has no parameter for. */
    private static void lost(ChatRequest request, Drops drops) {
        if (request.seed() != null) {
            drops.lost(IrField.SEED);
        }
        if (request.presencePenalty() != null) {
            drops.lost(IrField.PRESENCE_PENALTY);
        }
        if (request.frequencyPenalty() != null) {
            drops.lost(IrField.FREQUENCY_PENALTY);
        }
        if (request.responseFormat() != null && !request.responseFormat().hasSchema()) {
            drops.lost(IrField.JSON_MODE);
        }
        if (!request.metadata().isEmpty()) {
            drops.lost(IrField.METADATA);
        }
    }

    private void write(JsonGenerator g, ChatRequest request, String model, List<Turn> turns,
                       AnthropicThinking.Plan thinking) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", model);
        // max_tokens is required by Anthropic and optional everywhere else (docs/protocols.md#provider-dialects).
        g.writeNumberField("max_tokens", thinking.maxTokens());
        if (thinking.on()) {
            g.writeObjectFieldStart("thinking");
            if (thinking.adaptive()) {
                g.writeStringField("type", "adaptive");
            } else {
                g.writeStringField("type", "enabled");
                g.writeNumberField("budget_tokens", thinking.budget());
            }
            g.writeEndObject();
        }
        if (request.system() != null && !request.system().isEmpty()) {
            g.writeStringField("system", request.system());
        }
        g.writeArrayFieldStart("messages");
        for (Turn t : turns) {
            t.write(g);
        }
        g.writeEndArray();
        if (!request.tools().isEmpty()) {
            g.writeArrayFieldStart("tools");
            for (ToolDefinition t : request.tools()) {
                tool(g, t);
            }
            g.writeEndArray();
        }
        toolChoice(g, request);
        if (request.temperature() != null && !(thinking.on() && request.temperature() != 1.0)) {
            // Anthropic accepts 0..1 while OpenAI/Gemini accept 0..2: clamp rather than fail with a 400.
            double t = Math.max(0, Math.min(1, request.temperature()));
            if (t != request.temperature()) {
                LOG.debugf("temperature %s clamped to Anthropic's range: %s", request.temperature(), t);
            }
            g.writeNumberField("temperature", t);
        }
        if (request.topP() != null && !(thinking.on() && request.topP() < 0.95)) {
            g.writeNumberField("top_p", request.topP());
        }
        if (request.topK() != null && !thinking.on()) {
            g.writeNumberField("top_k", request.topK());
        }
        if (!request.stop().isEmpty()) {
            g.writeArrayFieldStart("stop_sequences");
            for (String stop : request.stop()) {
                g.writeString(stop);
            }
            g.writeEndArray();
        }
        outputConfig(g, request.responseFormat(), thinking.effort());
        if (request.user() != null) {
            g.writeObjectFieldStart("metadata");
            g.writeStringField("user_id", request.user());
            g.writeEndObject();
        }
        if (request.stream()) {
            g.writeBooleanField("stream", true);
        }
        g.writeEndObject();
    }

    /**
     * A schema goes out as {@code output_config.format} (structured outputs, generally available). Plain JSON mode
     * has no Anthropic form: Anthropic only constrains to a schema, and a schemaless object would have to allow
     * additional properties, which it refuses. The request goes out without it; clients of JSON mode already ask
     * for JSON in the prompt (OpenAI refuses json_object otherwise).
     */
    private static void outputConfig(JsonGenerator g, ResponseFormat format, String effort) throws IOException {
        boolean schema = format != null && format.hasSchema();
        if (!schema && effort == null) {
            return;
        }
        g.writeObjectFieldStart("output_config");
        if (schema) {
            g.writeObjectFieldStart("format");
            g.writeStringField("type", "json_schema");
            g.writeFieldName("schema");
            g.writeTree(format.schema());
            g.writeEndObject();
        }
        if (effort != null) {
            g.writeStringField("effort", effort);
        }
        g.writeEndObject();
    }

    private static List<Turn> turns(List<Message> messages, Drops drops) {
        if (messages.isEmpty()) {
            throw RouterException.invalidRequest("messages: at least one message is required");
        }
        List<Turn> turns = new ArrayList<>();
        Map<String, String> idByName = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
            Turn turn = turns.isEmpty() || !turns.get(turns.size() - 1).role.equals(role) ? null
                    : turns.get(turns.size() - 1);
            if (turn == null) {
                turn = new Turn(role);
                turns.add(turn);
            }
            for (int p = 0; p < m.content().size(); p++) {
                addPart(turn, m.content().get(p), i, p, idByName, drops);
            }
        }
        turns.removeIf(Turn::isEmpty);
        if (turns.isEmpty()) {
            throw RouterException.invalidRequest("messages: every message is empty");
        }
        if (!turns.get(0).role.equals("user")) {
            Turn lead = new Turn("user");
            lead.other.add(textBlock(LEADING_USER_PLACEHOLDER));
            turns.add(0, lead);
        }
        return turns;
    }

    private static void addPart(Turn turn, ContentPart part, int messageIndex, int partIndex,
                                Map<String, String> idByName, Drops drops) {
        if (part instanceof ContentPart.Text t) {
            // Anthropic rejects empty text blocks.
            if (!t.text().isEmpty()) {
                turn.other.add(textBlock(t.text()));
            }
        } else if (part instanceof ContentPart.Image img) {
            turn.other.add(image(img));
        } else if (part instanceof ContentPart.ToolCall call) {
            String id = call.id() == null || call.id().isEmpty()
                    ? ToolCallIds.synthesize(String.valueOf(messageIndex), partIndex, call.name(), call.arguments())
                    : toolId(call.id());
            idByName.put(call.name(), id);
            JsonNode input = ToolArguments.toObject(call.arguments());
            turn.other.add(g -> {
                g.writeStartObject();
                g.writeStringField("type", "tool_use");
                g.writeStringField("id", id);
                g.writeStringField("name", call.name());
                g.writeFieldName("input");
                g.writeTree(input);
                g.writeEndObject();
            });
        } else if (part instanceof ContentPart.ToolResult r) {
            // A result without id is linked to the latest call of the same function.
            String id = r.toolCallId() == null || r.toolCallId().isEmpty() ? idByName.get(r.name())
                    : toolId(r.toolCallId());
            turn.results.add(g -> {
                g.writeStartObject();
                g.writeStringField("type", "tool_result");
                g.writeStringField("tool_use_id", id);
                g.writeStringField("content", r.content() == null ? "" : r.content());
                if (r.isError()) {
                    g.writeBooleanField("is_error", true);
                }
                g.writeEndObject();
            });
        } else if (part instanceof ContentPart.Reasoning r) {
            if (r.signedBy(Protocol.ANTHROPIC) && turn.role.equals("assistant")) {
                // Anthropic's own thinking goes back verbatim, first in its turn (where it came from).
                turn.other.add(thinkingBlock(r));
            } else if (!r.text().isEmpty() || r.signature() != null) {
                // Reasoning another provider did, or text without its signature: Anthropic takes neither.
                drops.lost(IrField.REASONING_HISTORY);
            }
        }
    }

    private static Json.Writer thinkingBlock(ContentPart.Reasoning r) {
        return g -> {
            g.writeStartObject();
            if (r.redacted()) {
                g.writeStringField("type", "redacted_thinking");
                g.writeStringField("data", r.signature());
            } else {
                g.writeStringField("type", "thinking");
                g.writeStringField("thinking", r.text());
                g.writeStringField("signature", r.signature());
            }
            g.writeEndObject();
        };
    }

    /** Anthropic ids must match {@code ^[a-zA-Z0-9_-]+$}; other characters are replaced the same way everywhere. */
    static String toolId(String id) {
        return id.replaceAll("[^a-zA-Z0-9_-]", "_");
    }

    private static Json.Writer textBlock(String text) {
        return g -> {
            g.writeStartObject();
            g.writeStringField("type", "text");
            g.writeStringField("text", text);
            g.writeEndObject();
        };
    }

    private static Json.Writer image(ContentPart.Image img) {
        ContentPart.Image i = !img.inline() && img.url() != null ? DataUrls.toImage(img.url()) : img;
        if (i.inline()) {
            String media = i.mediaType() == null ? "" : i.mediaType().toLowerCase(java.util.Locale.ROOT);
            if (!IMAGE_TYPES.contains(media)) {
                throw RouterException.invalidRequest("image media type '" + i.mediaType()
                        + "' is not supported by Anthropic (expected image/jpeg, image/png, image/gif or image/webp)");
            }
            return g -> {
                imageStart(g, "base64");
                g.writeStringField("media_type", media);
                g.writeStringField("data", i.data());
                imageEnd(g);
            };
        }
        if (i.url() == null || i.url().isBlank()) {
            throw RouterException.invalidRequest("image has neither a URL nor inline data");
        }
        return g -> {
            imageStart(g, "url");
            g.writeStringField("url", i.url());
            imageEnd(g);
        };
    }

    private static void imageStart(JsonGenerator g, String sourceType) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "image");
        g.writeObjectFieldStart("source");
        g.writeStringField("type", sourceType);
    }

    private static void imageEnd(JsonGenerator g) throws IOException {
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void tool(JsonGenerator g, ToolDefinition t) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", t.name());
        if (t.description() != null) {
            g.writeStringField("description", t.description());
        }
        // input_schema is required; a function without parameters takes an empty object.
        g.writeFieldName("input_schema");
        JsonNode schema = t.parameters();
        if (schema == null) {
            g.writeStartObject();
            g.writeStringField("type", "object");
            g.writeObjectFieldStart("properties");
            g.writeEndObject();
            g.writeEndObject();
        } else {
            g.writeTree(schema);
        }
        g.writeEndObject();
    }

    private static void toolChoice(JsonGenerator g, ChatRequest request) throws IOException {
        ToolChoice choice = request.toolChoice();
        Boolean parallel = request.parallelToolCalls();
        if (request.tools().isEmpty()) {
            // Without tools a tool choice means nothing, and Anthropic refuses it.
            return;
        }
        if (choice == null && parallel == null) {
            return;
        }
        g.writeObjectFieldStart("tool_choice");
        ToolChoice c = choice == null ? ToolChoice.AUTO : choice;
        switch (c.mode()) {
            case NONE -> g.writeStringField("type", "none");
            case REQUIRED -> g.writeStringField("type", "any");
            case NAMED -> {
                g.writeStringField("type", "tool");
                g.writeStringField("name", c.name());
            }
            default -> g.writeStringField("type", "auto");
        }
        // disable_parallel_tool_use is not accepted with type none.
        if (parallel != null && c.mode() != ToolChoice.Mode.NONE) {
            g.writeBooleanField("disable_parallel_tool_use", !parallel);
        }
        g.writeEndObject();
    }

    /** One Anthropic turn being built: tool results must come first in a user turn, then other blocks. */
    private static final class Turn {
        final String role;
        final List<Json.Writer> results = new ArrayList<>();
        final List<Json.Writer> other = new ArrayList<>();

        Turn(String role) {
            this.role = role;
        }

        boolean isEmpty() {
            return results.isEmpty() && other.isEmpty();
        }

        void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("role", role);
            g.writeArrayFieldStart("content");
            for (Json.Writer block : results) {
                block.write(g);
            }
            for (Json.Writer block : other) {
                block.write(g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
