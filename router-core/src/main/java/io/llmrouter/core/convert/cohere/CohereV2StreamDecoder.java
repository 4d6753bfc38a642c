package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.convert.UpstreamErrors;
import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.stream.SseEvent;
import io.llmrouter.core.stream.SseParser;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decodes a Cohere Chat v2 SSE stream (docs/protocols.md#streams). {@code tool-plan-delta} and {@code content-delta}
 * both become text; tool calls arrive as {@code tool-call-start/delta/end} with {@code tool_calls} an object (not an
 * array) in each delta; {@code message-end} carries the finish reason and usage, or {@code delta.error}.
 * Start carries no model (Cohere streams do not name it). A stream cut before message-end fails with
 * {@link UpstreamFault.Kind#TRUNCATED}, an event that is not a JSON object with {@link UpstreamFault.Kind#UNDECODABLE}.
 */
final class CohereV2StreamDecoder implements StreamDecoder {

    private final SseParser parser;
    private final Map<Integer, Integer> toolIndexes = new HashMap<>();
    /** The kinds of content left out so far ({@link StreamEvent.Omitted}). */
    private final Set<String> omitted = new HashSet<>();
    private Consumer<StreamEvent> out;
    private String id = "";
    private boolean started;
    private boolean finished;
    private boolean textOpen;
    /** Whether a thinking content block is open. */
    private boolean thinkingOpen;

    CohereV2StreamDecoder(FrameLimits limits) {
        this.parser = new SseParser(limits, this::event, null);
    }

    @Override
    public void feed(byte[] chunk, Consumer<StreamEvent> out) {
        this.out = out;
        parser.feed(chunk);
    }

    @Override
    public void end(Consumer<StreamEvent> out) {
        this.out = out;
        parser.end();
        if (!finished) {
            throw new UpstreamFault(UpstreamFault.Kind.TRUNCATED, "Cohere v2 stream ended without message-end");
        }
    }

    private void event(SseEvent sse) {
        if (finished || sse.data().isBlank() || "[DONE]".equals(sse.data().trim())) {
            return;
        }
        JsonNode ev = Json.tryParse(sse.data());
        if (ev == null || !ev.isObject()) {
            throw new UpstreamFault(UpstreamFault.Kind.UNDECODABLE,
                    "Cohere v2 stream event is not a JSON object (" + sse.data().length() + " characters)");
        }
        String type = Fields.text(ev.path("type"), "");
        if (type.isEmpty() && sse.event() != null) {
            type = sse.event();
        }
        JsonNode message = ev.path("delta").path("message");
        switch (type) {
            case "message-start" -> {
                id = Fields.text(ev.path("id"), "");
                start();
            }
            // content-start normally opens with text "" (or thinking ""), but carry any initial text.
            case "content-start", "content-delta" -> {
                JsonNode content = message.path("content");
                if ("thinking".equals(content.path("type").asText()) || content.has(CohereThinking.FIELD)) {
                    thinking(Fields.text(content.path(CohereThinking.FIELD), ""));
                } else {
                    text(Fields.text(content.path("text"), ""));
                }
            }
            case "tool-plan-delta" -> text(Fields.text(message.path("tool_plan"), ""));
            case "content-end" -> {
                closeText();
                closeThinking();
            }
            case "tool-call-start" -> toolStart(ev.path("index").asInt(toolIndexes.size()), message.path("tool_calls"));
            case "tool-call-delta" -> {
                Integer index = toolIndexes.get(ev.path("index").asInt(-1));
                String piece = Fields.text(message.path("tool_calls").path("function").path("arguments"), "");
                if (index != null && !piece.isEmpty()) {
                    out.accept(new StreamEvent.ToolArgumentsDelta(index, piece));
                }
            }
            case "tool-call-end" -> {
                Integer index = toolIndexes.get(ev.path("index").asInt(-1));
                if (index != null) {
                    out.accept(new StreamEvent.BlockStop(index));
                }
            }
            case "message-end" -> messageEnd(ev.path("delta"));
            default -> {
                // citation-start/end are named; debug and unknown events carry nothing of the answer
                omitted(CohereCitations.ofEvent(type));
            }
        }
    }

    /** Says each kind of content left out once per stream; null is nothing. */
    private void omitted(String name) {
        if (name != null && omitted.add(name)) {
            start();
            out.accept(new StreamEvent.Omitted(name));
        }
    }

    private void start() {
        if (!started) {
            started = true;
            out.accept(new StreamEvent.Start(id.isEmpty() ? "cohere-stream" : id, null, null));
        }
    }

    private void text(String text) {
        start();
        if (!text.isEmpty()) {
            textOpen = true;
            out.accept(new StreamEvent.TextDelta(text));
        }
    }

    private void thinking(String text) {
        start();
        thinkingOpen = true;
        if (!text.isEmpty()) {
            out.accept(new StreamEvent.ReasoningDelta(text));
        }
    }

    private void closeThinking() {
        if (thinkingOpen) {
            thinkingOpen = false;
            out.accept(new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING));
        }
    }

    private void closeText() {
        if (textOpen) {
            textOpen = false;
            out.accept(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT));
        }
    }

    private void toolStart(int cohereIndex, JsonNode call) {
        start();
        closeText(); // a tool plan has no content-end of its own
        int index = toolIndexes.size();
        toolIndexes.put(cohereIndex, index);
        JsonNode fn = call.path("function");
        String name = Fields.text(fn.path("name"), "");
        String callId = Fields.text(call.path("id"), "");
        out.accept(new StreamEvent.ToolCallStart(index,
                callId.isEmpty() ? ToolCallIds.synthesize(id, index, name, null) : callId, name));
        String args = Fields.text(fn.path("arguments"), "");
        if (!args.isEmpty()) {
            out.accept(new StreamEvent.ToolArgumentsDelta(index, args));
        }
    }

    private void messageEnd(JsonNode delta) {
        start();
        closeText();
        finished = true;
        JsonNode error = delta.get("error");
        if (error != null && !error.isNull()) {
            String message = error.isTextual() ? error.asText() : Fields.text(error.path("message"), "");
            out.accept(new StreamEvent.Error(UpstreamErrors.inStream(new ApiError(ErrorKind.INTERNAL, 500,
                    message.isEmpty() ? "Cohere reported an error mid-stream" : message, null))));
            return;
        }
        TokenCounts usage = CohereUsage.decode(delta.get("usage"));
        if (usage != null) {
            out.accept(new StreamEvent.UsageReport(usage, true));
        }
        out.accept(new StreamEvent.Finish(
                CohereFinishReasons.decode(Fields.text(delta.path("finish_reason"), ""), !toolIndexes.isEmpty())));
    }
}
