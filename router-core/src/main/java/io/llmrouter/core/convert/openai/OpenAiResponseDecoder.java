package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.json.JsonReads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an upstream {@code chat.completion} body. A {@code refusal} becomes the answer's text (the IR has no
 * refusal channel; a refusal is what the user gets to read), the finish reason stays what the upstream said. Reads
 * the body with a streaming parser, no tree (every OpenAI and OpenAI-compatible upstream's answer goes through here);
 * each field keeps the meaning the tree model gave it, and for a repeated field the last one counts, as in a tree.
 */
public final class OpenAiResponseDecoder {

    /** Decodes; an unreadable body or a 200 carrying an {@code error} object becomes a {@link RouterException}. */
    public ChatResponse decode(byte[] body) {
        Completion completion = null;
        if (!JsonReads.isEmpty(body)) {
            try (JsonParser p = JsonReads.parser(body)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    Completion read = completion(p);
                    completion = JsonReads.atEnd(p) ? read : null;
                }
            } catch (IOException e) {
                completion = null;
            }
        }
        if (completion == null) {
            throw new RouterException(new ApiError(ErrorKind.BAD_GATEWAY, 502,
                    "upstream returned a response that is not a JSON object", null));
        }
        if (completion.errorIsObject) {
            // Some OpenAI-compatible upstreams answer 200 with an error body.
            throw new RouterException(OpenAiErrors.decode(500, body).error());
        }
        return completion.toResponse();
    }

    /** The top-level object the parser sits on, up to its end. */
    private static Completion completion(JsonParser p) throws IOException {
        Completion c = new Completion();
        for (String field = JsonReads.nextField(p); field != null; field = JsonReads.nextField(p)) {
            switch (field) {
                case "error" -> {
                    c.errorIsObject = p.currentToken() == JsonToken.START_OBJECT;
                    p.skipChildren();
                }
                case "id" -> c.id = JsonReads.text(p, "");
                case "model" -> c.model = JsonReads.string(p);
                case "choices" -> c.choice = firstChoice(p);
                case "usage" -> c.usage = usage(p);
                default -> p.skipChildren();
            }
        }
        return c;
    }

    /** {@code choices[0]} when {@code choices} is an array; an empty choice otherwise, as {@code path(0)} gives. */
    private static Choice firstChoice(JsonParser p) throws IOException {
        Choice first = new Choice();
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return first;
        }
        boolean atFirst = true;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (atFirst && p.currentToken() == JsonToken.START_OBJECT) {
                for (String field = JsonReads.nextField(p); field != null; field = JsonReads.nextField(p)) {
                    switch (field) {
                        case "message" -> first.message = message(p);
                        case "finish_reason" -> first.finishReason = JsonReads.string(p);
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            atFirst = false;
        }
        return first;
    }

    /** The message object; an empty one when {@code message} is not an object. */
    private static Message message(JsonParser p) throws IOException {
        Message m = new Message();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return m;
        }
        for (String field = JsonReads.nextField(p); field != null; field = JsonReads.nextField(p)) {
            switch (field) {
                case "content" -> m.text = text(p);
                case "refusal" -> m.refusal = JsonReads.string(p);
                case OpenAiReasoning.CONTENT -> m.reasoning = JsonReads.string(p);
                case "reasoning" -> {
                    String reasoning = JsonReads.string(p);
                    if (m.reasoning == null) {
                        m.reasoning = reasoning;
                    }
                }
                case "tool_calls" -> m.toolCalls = toolCalls(p);
                case "function_call" -> m.functionCall = p.currentToken() == JsonToken.START_OBJECT ? function(p)
                        : skip(p);
                default -> p.skipChildren();
            }
        }
        return m;
    }

    /** The content: a string, or the texts of content parts joined (some compatible upstreams send parts). */
    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        StringBuilder sb = new StringBuilder();
        while (JsonReads.nextElement(p, t)) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String text = null;
            for (String field = JsonReads.nextField(p); field != null; field = JsonReads.nextField(p)) {
                if (field.equals("text")) {
                    text = JsonReads.string(p);
                } else {
                    p.skipChildren();
                }
            }
            if (text != null) {
                sb.append(text);
            }
        }
        return sb.toString();
    }

    /** The tool calls of an array, in order; none for anything else but a non-empty object, which is refused. */
    private static List<RawCall> toolCalls(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT && p.nextToken() != JsonToken.END_OBJECT) {
            // The tree-based decoder failed on this with a NullPointerException (a 500); it is the upstream's fault.
            throw new RouterException(new ApiError(ErrorKind.BAD_GATEWAY, 502,
                    "upstream returned a chat.completion whose tool_calls is an object, not an array", null));
        }
        List<RawCall> calls = new ArrayList<>();
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return calls;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            calls.add(p.currentToken() == JsonToken.START_OBJECT ? call(p) : skipCall(p));
        }
        return calls;
    }

    private static RawCall call(JsonParser p) throws IOException {
        String id = "";
        RawCall function = new RawCall("", "", "{}");
        for (String field = JsonReads.nextField(p); field != null; field = JsonReads.nextField(p)) {
            switch (field) {
                case "id" -> id = JsonReads.text(p, "");
                case "function" -> function = p.currentToken() == JsonToken.START_OBJECT ? function(p)
                        : skipCall(p);
                default -> p.skipChildren();
            }
        }
        return new RawCall(id, function.name, function.arguments);
    }

    /** A {@code function} (or legacy {@code function_call}) object: its name and its arguments as text. */
    private static RawCall function(JsonParser p) throws IOException {
        String name = "";
        String arguments = "{}";
        for (String field = JsonReads.nextField(p); field != null; field = JsonReads.nextField(p)) {
            switch (field) {
                case "name" -> name = JsonReads.text(p, "");
                case "arguments" -> arguments = arguments(p);
                default -> p.skipChildren();
            }
        }
        return new RawCall("", name, arguments);
    }

    /** Arguments are a JSON string; some compatible upstreams send the object itself. */
    private static String arguments(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return "{}";
        }
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        JsonNode value = JsonReads.tree(p);
        return Json.text(value);
    }

    private static RawCall skipCall(JsonParser p) throws IOException {
        p.skipChildren();
        return new RawCall("", "", "{}");
    }

    private static RawCall skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    /** {@link OpenAiUsage#decode}'s counts, read from the stream; null unless {@code usage} is an object. */
    private static TokenCounts usage(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        int prompt = 0;
        int completion = 0;
        int cached = 0;
        int cacheHits = 0;
        int reasoning = 0;
        for (String field = JsonReads.nextField(p); field != null; field = JsonReads.nextField(p)) {
            switch (field) {
                case "prompt_tokens" -> prompt = JsonReads.asInt(p, 0);
                case "completion_tokens" -> completion = JsonReads.asInt(p, 0);
                case "prompt_cache_hit_tokens" -> cacheHits = JsonReads.asInt(p, 0);
                case "prompt_tokens_details" -> cached = detail(p, "cached_tokens");
                case "completion_tokens_details" -> reasoning = detail(p, "reasoning_tokens");
                default -> p.skipChildren();
            }
        }
        // DeepSeek reports cache hits in its own field instead of prompt_tokens_details.
        return new TokenCounts(prompt, completion, cached != 0 ? cached : cacheHits, reasoning);
    }

    /** One count inside a details object, 0 when absent (as {@code path(..).path(..).asInt(0)}). */
    private static int detail(JsonParser p, String name) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return 0;
        }
        int value = 0;
        for (String field = JsonReads.nextField(p); field != null; field = JsonReads.nextField(p)) {
            if (field.equals(name)) {
                value = JsonReads.asInt(p, 0);
            } else {
                p.skipChildren();
            }
        }
        return value;
    }

    /** A tool call as read, before its id is settled (it may derive from the response id, read later). */
    private record RawCall(String id, String name, String arguments) {
    }

    /** The first choice's message as read. */
    private static final class Message {
        String text;
        String refusal;
        String reasoning;
        List<RawCall> toolCalls = List.of();
        RawCall functionCall;
    }

    /** The first choice as read. */
    private static final class Choice {
        Message message = new Message();
        String finishReason;
    }

    /** The top-level fields as read. */
    private static final class Completion {
        boolean errorIsObject;
        String id = "";
        String model;
        Choice choice = new Choice();
        TokenCounts usage;

        ChatResponse toResponse() {
            String responseId = id.isEmpty() ? OpenAiIds.completionId() : id;
            Message m = choice.message;
            List<ContentPart> content = new ArrayList<>();
            if (m.reasoning != null && !m.reasoning.isEmpty()) {
                content.add(ContentPart.Reasoning.text(m.reasoning));
            }
            if (m.text != null && !m.text.isEmpty()) {
                content.add(new ContentPart.Text(m.text));
            }
            if (m.refusal != null && !m.refusal.isEmpty()) {
                content.add(new ContentPart.Text(m.refusal));
            }
            for (int i = 0; i < m.toolCalls.size(); i++) {
                content.add(toolCall(m.toolCalls.get(i), responseId, i));
            }
            if (m.functionCall != null) {
                content.add(toolCall(m.functionCall, responseId, m.toolCalls.size()));
            }
            boolean sawCalls = m.functionCall != null || !m.toolCalls.isEmpty();
            FinishReason reason = OpenAiFinishReasons.decode(choice.finishReason, sawCalls);
            return new ChatResponse(responseId, model, content, reason, usage);
        }

        private static ContentPart.ToolCall toolCall(RawCall call, String responseId, int index) {
            String id = call.id.isEmpty() ? ToolCallIds.synthesize(responseId, index, call.name, call.arguments)
                    : call.id;
            return new ContentPart.ToolCall(id, call.name, call.arguments);
        }
    }
}
