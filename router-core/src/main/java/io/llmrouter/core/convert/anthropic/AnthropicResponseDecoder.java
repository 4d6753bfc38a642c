package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.json.JsonReads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decodes an upstream Anthropic message into the IR; server-tool blocks and citations are named as omitted. Reads the body with
 * a streaming parser, no tree: on the hot path of every Anthropic upstream, where building the tree first made the
 * decode markedly slower (docs/benchmarks.md, "Core (JMH)").
 */
final class AnthropicResponseDecoder {

    private AnthropicResponseDecoder() {
    }

    /** Decodes; an unreadable body is the upstream's fault, so it becomes a 502, not a 400. */
    static ChatResponse decode(byte[] body) {
        if (!JsonReads.isEmpty(body)) {
            try (JsonParser p = JsonReads.parser(body)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    ChatResponse response = message(p);
                    if (JsonReads.atEnd(p)) {
                        return response;
                    }
                }
            } catch (IOException e) {
                // not JSON: refused below like any other body that is not a message
            }
        }
        throw new RouterException(new ApiError(ErrorKind.BAD_GATEWAY, 502,
                "upstream returned a body that is not an Anthropic message", null));
    }

    /** The message object the parser sits on, up to its end. */
    private static ChatResponse message(JsonParser p) throws IOException {
        String id = null;
        String model = null;
        String stop = null;
        List<ContentPart> content = List.of();
        Set<String> omitted = new TreeSet<>();
        AnthropicUsage.Parts usage = null;
        for (String field = JsonReads.nextField(p); field != null; field = JsonReads.nextField(p)) {
            switch (field) {
                case "id" -> id = JsonReads.text(p, null);
                case "model" -> model = JsonReads.text(p, null);
                case "stop_reason" -> stop = JsonReads.string(p);
                case "content" -> content = blocks(p, omitted);
                case "usage" -> usage = usage(p);
                default -> p.skipChildren();
            }
        }
        boolean hasTools = false;
        for (ContentPart part : content) {
            hasTools |= part instanceof ContentPart.ToolCall;
        }
        return new ChatResponse(id, model, content, AnthropicStopReasons.decode(stop, hasTools),
                usage == null ? null : usage.counts(), omitted);
    }

    /** The content blocks, in order, iterated as a tree node would be (an object's values count as its blocks). */
    private static List<ContentPart> blocks(JsonParser p, Set<String> omitted) throws IOException {
        List<ContentPart> content = new ArrayList<>();
        JsonToken container = p.currentToken();
        while (JsonReads.nextElement(p, container)) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                omitted.add("content[]");
                continue;
            }
            ContentPart part = block(p, omitted);
            if (part != null) {
                content.add(part);
            }
        }
        return content;
    }

    /**
     * One block object: text, a tool call, or thinking (plain or redacted); anything else (server tools' calls and
     * results), and a text block's citations, is named in {@code omitted}.
     */
    private static ContentPart block(JsonParser p, Set<String> omitted) throws IOException {
        String type = "";
        String text = "";
        String id = null;
        String name = null;
        String input = "{}";
        String signature = null;
        for (String field = JsonReads.nextField(p); field != null; field = JsonReads.nextField(p)) {
            switch (field) {
                case "type" -> type = JsonReads.text(p, "");
                case "text", "thinking" -> text = JsonReads.text(p, "");
                case "signature", "data" -> signature = JsonReads.text(p, null);
                case "id" -> id = JsonReads.text(p, null);
                case "name" -> name = JsonReads.text(p, null);
                case "input" -> input = p.currentToken() == JsonToken.VALUE_NULL ? "{}"
                        : Json.text(JsonReads.tree(p));
                case "citations" -> {
                    if (p.currentToken() == JsonToken.START_ARRAY && p.nextToken() != JsonToken.END_ARRAY) {
                        omitted.add("citations");
                        p.skipChildren();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        switch (type) {
            case "text" -> {
                return new ContentPart.Text(text);
            }
            case "tool_use" -> {
                return new ContentPart.ToolCall(id, name, input);
            }
            case "thinking" -> {
                return AnthropicThinking.block(text, signature);
            }
            case "redacted_thinking" -> {
                return signature == null ? null
                        : new ContentPart.Reasoning("", signature, true, Protocol.ANTHROPIC, null);
            }
            default -> {
                omitted.add(type.isEmpty() ? "content[]" : type);
                return null;
            }
        }
    }

    /** The usage object's counts; null when usage is not an object. */
    private static AnthropicUsage.Parts usage(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        int input = 0;
        int cacheRead = 0;
        int cacheCreation = 0;
        int output = 0;
        for (String field = JsonReads.nextField(p); field != null; field = JsonReads.nextField(p)) {
            switch (field) {
                case "input_tokens" -> input = JsonReads.intOr(p, input);
                case "cache_read_input_tokens" -> cacheRead = JsonReads.intOr(p, cacheRead);
                case "cache_creation_input_tokens" -> cacheCreation = JsonReads.intOr(p, cacheCreation);
                case "output_tokens" -> output = JsonReads.intOr(p, output);
                default -> p.skipChildren();
            }
        }
        return new AnthropicUsage.Parts(input, cacheRead, cacheCreation, output);
    }
}
