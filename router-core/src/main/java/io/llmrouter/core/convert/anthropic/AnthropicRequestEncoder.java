package io.llmrouter.core.convert.anthropic;

import io.llmrouter.core.convert.ToolArguments;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.BaseUrls;
import io.llmrouter.core.convert.DataUrls;
import io.llmrouter.core.convert.Json;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.convert.UpstreamRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    /** Sent by Anthropic clients and required by the API ([APY] {@code _client.py}). */
    static final String API_VERSION = "2023-06-01";

    /**
     * Text of the user turn inserted when a conversation starts with an assistant turn. The Messages API has
     * historically rejected a leading assistant turn ("first message must use the user role") and PROTOCOLS.md
     * documents no change, so a minimal, visible placeholder keeps such a conversation valid.
     */
    static final String LEADING_USER_PLACEHOLDER = "(continue)";

    /** Media types Anthropic accepts for base64 images ([APY] {@code base64_image_source_param.py}). */
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private static final Logger LOG = Logger.getLogger(AnthropicRequestEncoder.class);

    private final int defaultMaxTokens;

    AnthropicRequestEncoder(int defaultMaxTokens) {
        this.defaultMaxTokens = defaultMaxTokens;
    }

    UpstreamRequest encode(ChatRequest request, String model, Key key) {
        return upstream(Json.bytes(body(request, model)), request.stream(), key);
    }

    /** The client's own body with only the model replaced (Anthropic streams report usage without being asked). */
    UpstreamRequest passthrough(ObjectNode root, ChatRequest decoded, String model, Key key) {
        root.put("model", model);
        return upstream(Json.bytes(root), decoded.stream(), key);
    }

    private static UpstreamRequest upstream(byte[] body, boolean stream, Key key) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", key.apiKey());
        headers.put("anthropic-version", API_VERSION);
        headers.put("content-type", "application/json");
        headers.put("accept", stream ? "text/event-stream" : "application/json");
        return new UpstreamRequest(BaseUrls.resolve(key, "/messages"), headers, body, stream);
    }

    ObjectNode body(ChatRequest request, String model) {
        ObjectNode root = Json.object();
        root.put("model", model);
        // max_tokens is required by Anthropic and optional everywhere else (PROTOCOLS.md 9.1).
        root.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : defaultMaxTokens);
        if (request.system() != null && !request.system().isEmpty()) {
            root.put("system", request.system());
        }
        root.set("messages", messages(request.messages()));
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ToolDefinition t : request.tools()) {
                tools.add(tool(t));
            }
        }
        ObjectNode choice = toolChoice(request);
        if (choice != null) {
            root.set("tool_choice", choice);
        }
        if (request.temperature() != null) {
            // Anthropic accepts 0..1 while OpenAI/Gemini accept 0..2: clamp rather than fail with a 400.
            double t = Math.max(0, Math.min(1, request.temperature()));
            if (t != request.temperature()) {
                LOG.debugf("temperature %s clamped to Anthropic's range: %s", request.temperature(), t);
            }
            root.put("temperature", t);
        }
        if (request.topP() != null) {
            root.put("top_p", request.topP());
        }
        if (request.topK() != null) {
            root.put("top_k", request.topK());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = root.putArray("stop_sequences");
            request.stop().forEach(stop::add);
        }
        if (request.seed() != null || request.presencePenalty() != null || request.frequencyPenalty() != null) {
            LOG.debug("dropping seed / presence_penalty / frequency_penalty: Anthropic has no such parameters");
        }
        if (request.stream()) {
            root.put("stream", true);
        }
        return root;
    }

    private ArrayNode messages(List<Message> messages) {
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
                addPart(turn, m.content().get(p), i, p, idByName);
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
        ArrayNode out = Json.MAPPER.createArrayNode();
        turns.forEach(t -> out.add(t.toJson()));
        return out;
    }

    private static void addPart(Turn turn, ContentPart part, int messageIndex, int partIndex,
                                Map<String, String> idByName) {
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
            ObjectNode b = Json.object();
            b.put("type", "tool_use");
            b.put("id", id);
            b.put("name", call.name());
            b.set("input", ToolArguments.toObject(call.arguments()));
            turn.other.add(b);
        } else if (part instanceof ContentPart.ToolResult r) {
            // A result without id is linked to the latest call of the same function.
            String id = r.toolCallId() == null || r.toolCallId().isEmpty() ? idByName.get(r.name())
                    : toolId(r.toolCallId());
            ObjectNode b = Json.object();
            b.put("type", "tool_result");
            b.put("tool_use_id", id);
            b.put("content", r.content() == null ? "" : r.content());
            if (r.isError()) {
                b.put("is_error", true);
            }
            turn.results.add(b);
        }
    }

    /** Anthropic ids must match {@code ^[a-zA-Z0-9_-]+$}; other characters are replaced the same way everywhere. */
    static String toolId(String id) {
        return id.replaceAll("[^a-zA-Z0-9_-]", "_");
    }

    private static ObjectNode textBlock(String text) {
        ObjectNode b = Json.object();
        b.put("type", "text");
        b.put("text", text);
        return b;
    }

    private static ObjectNode image(ContentPart.Image img) {
        ContentPart.Image i = !img.inline() && img.url() != null ? DataUrls.toImage(img.url()) : img;
        ObjectNode b = Json.object();
        b.put("type", "image");
        ObjectNode source = b.putObject("source");
        if (i.inline()) {
            String media = i.mediaType() == null ? "" : i.mediaType().toLowerCase(java.util.Locale.ROOT);
            if (!IMAGE_TYPES.contains(media)) {
                throw RouterException.invalidRequest("image media type '" + i.mediaType()
                        + "' is not supported by Anthropic (expected image/jpeg, image/png, image/gif or image/webp)");
            }
            source.put("type", "base64");
            source.put("media_type", media);
            source.put("data", i.data());
        } else {
            if (i.url() == null || i.url().isBlank()) {
                throw RouterException.invalidRequest("image has neither a URL nor inline data");
            }
            source.put("type", "url");
            source.put("url", i.url());
        }
        return b;
    }

    private static ObjectNode tool(ToolDefinition t) {
        ObjectNode o = Json.object();
        o.put("name", t.name());
        if (t.description() != null) {
            o.put("description", t.description());
        }
        // input_schema is required; a function without parameters takes an empty object.
        JsonNode schema = t.parameters();
        if (schema == null) {
            ObjectNode empty = Json.object();
            empty.put("type", "object");
            empty.putObject("properties");
            schema = empty;
        }
        o.set("input_schema", schema);
        return o;
    }

    private static ObjectNode toolChoice(ChatRequest request) {
        ToolChoice choice = request.toolChoice();
        Boolean parallel = request.parallelToolCalls();
        if (request.tools().isEmpty()) {
            if (choice != null || parallel != null) {
                LOG.debug("dropping tool_choice: the request has no tools");
            }
            return null;
        }
        if (choice == null && parallel == null) {
            return null;
        }
        ObjectNode o = Json.object();
        ToolChoice c = choice == null ? ToolChoice.AUTO : choice;
        switch (c.mode()) {
            case NONE -> o.put("type", "none");
            case REQUIRED -> o.put("type", "any");
            case NAMED -> {
                o.put("type", "tool");
                o.put("name", c.name());
            }
            default -> o.put("type", "auto");
        }
        // disable_parallel_tool_use is not accepted with type none.
        if (parallel != null && c.mode() != ToolChoice.Mode.NONE) {
            o.put("disable_parallel_tool_use", !parallel);
        }
        return o;
    }

    /** One Anthropic turn being built: tool results must come first in a user turn, then other blocks. */
    private static final class Turn {
        final String role;
        final List<ObjectNode> results = new ArrayList<>();
        final List<ObjectNode> other = new ArrayList<>();

        Turn(String role) {
            this.role = role;
        }

        boolean isEmpty() {
            return results.isEmpty() && other.isEmpty();
        }

        ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("role", role);
            ArrayNode content = o.putArray("content");
            results.forEach(content::add);
            other.forEach(content::add);
            return o;
        }
    }
}
