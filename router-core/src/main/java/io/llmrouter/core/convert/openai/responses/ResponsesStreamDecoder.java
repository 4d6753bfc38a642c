package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamDecoder;
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
 * Decodes a Responses upstream's typed SSE stream into IR events (docs/protocols.md#openai-responses). The data's
 * {@code type} decides (the {@code event:} line repeats it). Reasoning summary and text deltas make a reasoning
 * block, which the {@code reasoning} item's {@code output_item.done} completes with its encrypted content. Text deltas ({@code output_text}, {@code refusal}) make
 * the text block, closed by their message's {@code output_item.done}; a {@code function_call} item is a tool call
 * keyed by its item id, its arguments from the deltas or, when none came, from the finished item. Events that only
 * repeat what the deltas said ({@code *.done}, {@code *.added} parts), keep-alives and types this router does not
 * know are skipped.
 *
 * <p>The end marker is one of the terminal events: {@code response.completed} and {@code response.incomplete} (usage
 * and finish), {@code response.failed} and {@code error} (an {@link StreamEvent.Error}). A stream without one was cut
 * ({@link UpstreamFault.Kind#TRUNCATED}); a frame that is not a JSON object is {@link UpstreamFault.Kind#UNDECODABLE}.
 */
final class ResponsesStreamDecoder implements StreamDecoder {

    private final SseParser parser;
    private final Map<String, Integer> toolByItem = new HashMap<>();
    private final Set<Integer> argumentsSeen = new HashSet<>();
    /** The kinds of output left out so far ({@link StreamEvent.Omitted}). */
    private final Set<String> omitted = new HashSet<>();
    private Consumer<StreamEvent> out;
    private boolean started;
    private boolean textOpen;
    private boolean reasoningOpen;
    /** The item, summary and content index of the last reasoning delta. */
    private String reasoningPart;
    private boolean stopped;

    ResponsesStreamDecoder(FrameLimits limits) {
        this.parser = new SseParser(limits, this::onEvent, null);
    }

    @Override
    public void feed(byte[] chunk, Consumer<StreamEvent> sink) {
        out = sink;
        parser.feed(chunk);
    }

    @Override
    public void end(Consumer<StreamEvent> sink) {
        out = sink;
        parser.end();
        if (!stopped) {
            throw new UpstreamFault(UpstreamFault.Kind.TRUNCATED,
                    "Responses stream ended without response.completed, response.incomplete or response.failed");
        }
    }

    private void onEvent(SseEvent sse) {
        if (stopped || sse.data().isBlank()) {
            return;
        }
        JsonNode data = Json.tryParse(sse.data());
        if (data == null || !data.isObject()) {
            throw new UpstreamFault(UpstreamFault.Kind.UNDECODABLE,
                    "Responses stream event is not a JSON object (" + sse.data().length() + " characters)");
        }
        String type = Fields.text(data.get("type"), sse.event());
        if (type == null) {
            return;
        }
        switch (type) {
            case "response.created" -> start(data.path("response"));
            case "response.output_text.delta", "response.refusal.delta" -> text(Fields.text(data.get("delta"), ""));
            case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" -> reasoning(data);
            case "response.output_item.added" -> itemAdded(data.path("item"));
            case "response.function_call_arguments.delta" -> arguments(data);
            case "response.output_item.done" -> itemDone(data.path("item"));
            case "response.completed", "response.incomplete" -> complete(data.path("response"));
            case "response.failed" -> failed(data.path("response").get("error"));
            case "error" -> failed(data);
            default -> {
                // in_progress, queued, part and .done repeats, reasoning and built-in tool progress: nothing new
            }
        }
    }

    private void start(JsonNode response) {
        if (started) {
            return;
        }
        started = true;
        String model = Fields.text(response.get("model"), null);
        out.accept(new StreamEvent.Start(Fields.text(response.get("id"), null), model == null || model.isEmpty()
                ? null : model, null));
    }

    private void text(String delta) {
        if (delta.isEmpty()) {
            return;
        }
        start(Json.object());
        textOpen = true;
        out.accept(new StreamEvent.TextDelta(delta));
    }

    /** A fragment of reasoning text; a new summary part of the same item starts after a blank line. */
    private void reasoning(JsonNode data) {
        String delta = Fields.text(data.get("delta"), "");
        if (delta.isEmpty()) {
            return;
        }
        start(Json.object());
        closeText();
        String part = Fields.text(data.get("item_id"), "") + "/" + data.path("summary_index").asInt(0) + "/"
                + data.path("content_index").asInt(0);
        if (reasoningPart != null && !reasoningPart.equals(part)) {
            delta = "\n\n" + delta;
        }
        reasoningPart = part;
        reasoningOpen = true;
        out.accept(new StreamEvent.ReasoningDelta(delta));
    }

    /**
     * A finished reasoning item: its encrypted content, taken from this event (the recordings carry a different blob
     * in the added, done and completed events of one item), and the end of the reasoning block.
     */
    private void reasoningDone(JsonNode item) {
        String encrypted = Fields.text(item.get("encrypted_content"), null);
        if (encrypted != null && !encrypted.isEmpty()) {
            start(Json.object());
            closeText();
            reasoningOpen = true;
            out.accept(new StreamEvent.ReasoningSignature(encrypted, false, Protocol.OPENAI_RESPONSES));
        }
        closeReasoning();
    }

    private void closeReasoning() {
        if (reasoningOpen) {
            reasoningOpen = false;
            reasoningPart = null;
            out.accept(new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING));
        }
    }

    private void itemAdded(JsonNode item) {
        if (!"function_call".equals(Fields.text(item.get("type"), null))) {
            return;
        }
        start(Json.object());
        closeText();
        int index = toolByItem.size();
        toolByItem.put(Fields.text(item.get("id"), "fc_" + index), index);
        out.accept(new StreamEvent.ToolCallStart(index, Fields.text(item.get("call_id"), ""),
                Fields.text(item.get("name"), "")));
    }

    private void arguments(JsonNode data) {
        Integer index = toolByItem.get(Fields.text(data.get("item_id"), ""));
        String delta = Fields.text(data.get("delta"), "");
        if (index != null && !delta.isEmpty()) {
            argumentsSeen.add(index);
            out.accept(new StreamEvent.ToolArgumentsDelta(index, delta));
        }
    }

    private void itemDone(JsonNode item) {
        String type = Fields.text(item.get("type"), "");
        if (type.equals("message")) {
            closeText();
            for (JsonNode part : item.path("content")) {
                if (part.path("annotations").size() > 0) {
                    omitted("annotations");
                }
            }
        } else if (type.equals("reasoning")) {
            reasoningDone(item);
        } else if (type.equals("function_call")) {
            Integer index = toolByItem.get(Fields.text(item.get("id"), ""));
            if (index == null) {
                return;
            }
            String arguments = Fields.text(item.get("arguments"), "");
            if (!argumentsSeen.contains(index) && !arguments.isEmpty()) {
                out.accept(new StreamEvent.ToolArgumentsDelta(index, arguments));
            }
            out.accept(new StreamEvent.BlockStop(index));
        } else {
            // Built-in tools' items (web_search_call, ...): the IR answer has no place for them.
            omitted(type.isEmpty() ? "output[]" : type);
        }
    }

    /** Says each kind of output left out once per stream. */
    private void omitted(String name) {
        if (omitted.add(name)) {
            start(Json.object());
            out.accept(new StreamEvent.Omitted(name));
        }
    }

    private void closeText() {
        if (textOpen) {
            textOpen = false;
            out.accept(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT));
        }
    }

    private void complete(JsonNode response) {
        start(response);
        closeText();
        closeReasoning();
        TokenCounts usage = ResponsesUsage.decode(response.get("usage"));
        if (usage != null) {
            out.accept(new StreamEvent.UsageReport(usage, true));
        }
        out.accept(new StreamEvent.Finish(ResponsesResponseDecoder.finishReason(response, !toolByItem.isEmpty())));
        stopped = true;
    }

    private void failed(JsonNode error) {
        start(Json.object());
        out.accept(new StreamEvent.Error(UpstreamErrors.inStream(ResponsesErrors.ofStreamError(error))));
        stopped = true;
    }
}
