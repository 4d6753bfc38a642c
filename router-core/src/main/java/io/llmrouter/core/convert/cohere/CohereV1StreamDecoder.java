package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.stream.LineSplitter;
import io.llmrouter.core.wire.ContentTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decodes a Cohere Chat v1 NDJSON stream (docs/protocols.md#streams). Calls streamed through
 * {@code tool-calls-chunk.tool_call_delta} are the source of truth; {@code tool-calls-generation} (which repeats
 * them complete) only adds calls that were not streamed, matched by position. Tool-call ids are synthesized with
 * the generation id as seed; arguments are unknown when a streamed call starts, so they are left out of its hash.
 * Start carries no model (Cohere streams do not name it). One line is one event, so the line limit bounds events. A
 * stream cut before stream-end fails with {@link UpstreamFault.Kind#TRUNCATED}, a line that is not a JSON object with
 * {@link UpstreamFault.Kind#UNDECODABLE}.
 */
final class CohereV1StreamDecoder implements StreamDecoder {

    private final LineSplitter lines;
    private final List<String> streamedNames = new ArrayList<>();
    private final Map<Integer, Integer> indexes = new HashMap<>();
    /** The kinds of content left out so far ({@link StreamEvent.Omitted}). */
    private final Set<String> omitted = new HashSet<>();
    private Consumer<StreamEvent> out;
    private String generationId = "";
    private boolean started;
    private boolean finished;
    private boolean textSeen;
    private int openCall = -1;
    private int callCount;

    CohereV1StreamDecoder(FrameLimits limits) {
        this.lines = new LineSplitter(limits.maxLineBytes());
    }

    /** NDJSON as Cohere labels it, and the SSE form a client gets with {@code Accepts: text/event-stream}. */
    @Override
    public boolean accepts(String contentType) {
        return ContentTypes.isOneOf(contentType, "application/stream+json", "application/x-ndjson",
                "application/jsonl", ContentTypes.EVENT_STREAM);
    }

    @Override
    public void feed(byte[] chunk, Consumer<StreamEvent> out) {
        this.out = out;
        lines.feed(chunk, this::line);
    }

    @Override
    public void end(Consumer<StreamEvent> out) {
        this.out = out;
        lines.end(this::line);
        if (!finished) {
            throw new UpstreamFault(UpstreamFault.Kind.TRUNCATED, "Cohere v1 stream ended without stream-end");
        }
    }

    private void line(String line) {
        if (line.isBlank() || finished || line.startsWith("event:") || line.startsWith(":")) {
            return;
        }
        // Tolerate the SSE form a client gets with "Accepts: text/event-stream" (same JSON behind "data:").
        String json = line.startsWith("data:") ? line.substring(5).strip() : line;
        JsonNode ev = Json.tryParse(json);
        if (ev == null || !ev.isObject()) {
            throw new UpstreamFault(UpstreamFault.Kind.UNDECODABLE,
                    "Cohere v1 stream line is not a JSON object (" + line.length() + " characters)");
        }
        String type = Fields.text(ev.path("event_type"), "");
        switch (type) {
            case "stream-start" -> {
                generationId = Fields.text(ev.path("generation_id"), "");
                start();
            }
            case "text-generation", "tool-calls-chunk" -> chunk(ev);
            case "tool-calls-generation" -> generation(ev);
            case "stream-end" -> streamEnd(ev);
            default -> {
                // citation-generation and search-results are named; search-queries-generation and debug carry
                // nothing of the answer
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
            out.accept(new StreamEvent.Start(generationId.isEmpty() ? "cohere-stream" : generationId, null, null));
        }
    }

    private void chunk(JsonNode ev) {
        start();
        String text = Fields.text(ev.path("text"), "");
        if (!text.isEmpty()) {
            textSeen = true;
            out.accept(new StreamEvent.TextDelta(text));
        }
        JsonNode delta = ev.get("tool_call_delta");
        if (delta == null || !delta.isObject()) {
            return;
        }
        // "index" is optional (absent in the real recording): without it, fragments belong to the last named call.
        JsonNode cohereIndex = delta.get("index");
        String name = Fields.text(delta.path("name"), "");
        if (!name.isEmpty()) {
            closeOpenCall();
            openCall = callCount++;
            streamedNames.add(name);
            if (cohereIndex != null && cohereIndex.canConvertToInt()) {
                indexes.put(cohereIndex.asInt(), openCall);
            }
            out.accept(new StreamEvent.ToolCallStart(openCall,
                    ToolCallIds.synthesize(generationId, openCall, name, null), name));
        }
        String params = Fields.text(delta.path("parameters"), "");
        int target = cohereIndex != null && cohereIndex.canConvertToInt()
                ? indexes.getOrDefault(cohereIndex.asInt(), openCall) : openCall;
        if (!params.isEmpty() && target >= 0) {
            out.accept(new StreamEvent.ToolArgumentsDelta(target, params));
        }
    }

    private void generation(JsonNode ev) {
        start();
        closeOpenCall();
        String text = Fields.text(ev.path("text"), "");
        if (!textSeen && !text.isEmpty()) {
            textSeen = true;
            out.accept(new StreamEvent.TextDelta(text));
        }
        List<ContentPart.ToolCall> calls = CohereV1ResponseDecoder.toolCalls(ev.get("tool_calls"), generationId);
        for (int i = streamedNames.size(); i < calls.size(); i++) {
            ContentPart.ToolCall c = calls.get(i);
            int index = callCount++;
            out.accept(new StreamEvent.ToolCallStart(index, c.id(), c.name()));
            out.accept(new StreamEvent.ToolArgumentsDelta(index, c.arguments()));
            out.accept(new StreamEvent.BlockStop(index));
        }
    }

    private void streamEnd(JsonNode ev) {
        start();
        closeOpenCall();
        JsonNode response = ev.get("response");
        String reason = Fields.text(ev.path("finish_reason"), "");
        if (reason.isEmpty()) {
            reason = Fields.text(ev.path("response").path("finish_reason"), "");
        }
        TokenCounts usage = CohereUsage.decode(response == null ? null : response.get("meta"));
        if (usage != null) {
            out.accept(new StreamEvent.UsageReport(usage, true));
        }
        FinishReason finish = CohereFinishReasons.decode(reason, callCount > 0);
        finished = true;
        out.accept(new StreamEvent.Finish(finish));
    }

    private void closeOpenCall() {
        if (openCall >= 0) {
            out.accept(new StreamEvent.BlockStop(openCall));
            openCall = -1;
        }
    }
}
