package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.convert.UpstreamErrors;
import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.stream.SseEvent;
import io.llmrouter.core.stream.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decodes an OpenAI (or Azure / OpenAI-compatible) chunk stream (docs/protocols.md#streams).
 *
 * <p>Tool-call fragments are keyed by their {@code index}, never by position; the first fragment of a call
 * carries id and name. The schema allows parallel calls to interleave, so calls are closed ({@link
 * StreamEvent.BlockStop}) only when {@code finish_reason} arrives. Azure's preamble chunk ({@code choices:[]} with
 * {@code prompt_filter_results}, empty id) and {@code content_filter_results} are ignored. Usage arrives in the
 * {@code choices:[]} chunk before {@code [DONE]} (Groq: {@code x_groq.usage}). A {@code data: {"error":…}} frame
 * becomes an {@link StreamEvent.Error} and ends decoding.
 *
 * <p>The end marker is a {@code finish_reason} or {@code [DONE]}: every recorded OpenAI stream has both, and
 * OpenAI-compatible servers send at least one. A stream ending with neither was cut and fails with
 * {@link UpstreamFault.Kind#TRUNCATED}; a frame that is not a JSON object with {@link UpstreamFault.Kind#UNDECODABLE}.
 */
public final class OpenAiStreamDecoder implements StreamDecoder {

    private final SseParser parser;
    private final Map<Integer, Integer> irIndexByWire = new HashMap<>();
    private final List<Integer> openTools = new ArrayList<>();
    private Consumer<StreamEvent> out;
    private String id;
    private boolean started;
    private boolean finished;
    private boolean stopped;
    /** Whether reasoning text is streaming (compatible reasoning models send it before the answer). */
    private boolean reasoningOpen;

    /** A decoder with the {@link FrameLimits#DEFAULTS}. */
    public OpenAiStreamDecoder() {
        this(FrameLimits.DEFAULTS);
    }

    /** A decoder holding no line or event larger than {@code limits}. */
    public OpenAiStreamDecoder(FrameLimits limits) {
        this.parser = new SseParser(limits, this::onEvent, null);
    }

    @Override
    public void feed(byte[] chunk, Consumer<StreamEvent> sink) {
        this.out = sink;
        parser.feed(chunk);
    }

    @Override
    public void end(Consumer<StreamEvent> sink) {
        this.out = sink;
        parser.end();
        if (!finished && !stopped) {
            throw new UpstreamFault(UpstreamFault.Kind.TRUNCATED,
                    "OpenAI stream ended without a finish_reason or [DONE]");
        }
        stopped = true;
    }

    private void onEvent(SseEvent event) {
        if (stopped) {
            return;
        }
        String data = event.data().trim();
        if (data.isEmpty()) {
            return;
        }
        if (data.equals("[DONE]")) {
            if (started && !finished) {
                finish(FinishReason.STOP);
            }
            stopped = true;
            return;
        }
        JsonNode chunk = Json.tryParse(data);
        if (chunk == null || !chunk.isObject()) {
            throw new UpstreamFault(UpstreamFault.Kind.UNDECODABLE,
                    "OpenAI stream event is not a JSON object (" + data.length() + " characters)");
        }
        if (chunk.has("error") && !chunk.get("error").isNull()) {
            ensureStarted(chunk);
            out.accept(new StreamEvent.Error(
                    UpstreamErrors.inStream(OpenAiErrors.decode(200, data.getBytes(StandardCharsets.UTF_8)).error())));
            stopped = true;
            return;
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isObject()) {
            ensureStarted(chunk);
            delta(choice.path("delta"));
            JsonNode fr = choice.get("finish_reason");
            if (fr != null && fr.isTextual() && !finished) {
                finish(OpenAiFinishReasons.decode(fr.textValue(), !irIndexByWire.isEmpty()));
            }
        }
        JsonNode usage = chunk.get("usage");
        if (usage == null || usage.isNull()) {
            usage = chunk.path("x_groq").get("usage");
        }
        TokenCounts counts = OpenAiUsage.decode(usage);
        if (counts != null) {
            ensureStarted(chunk);
            out.accept(new StreamEvent.UsageReport(counts, true));
        }
    }

    private void ensureStarted(JsonNode chunk) {
        if (started) {
            return;
        }
        started = true;
        id = chunk.path("id").asText("");
        if (id.isEmpty()) {
            id = OpenAiIds.completionId();
        }
        String model = chunk.path("model").asText("");
        out.accept(new StreamEvent.Start(id, model.isEmpty() ? null : model, null));
    }

    private void delta(JsonNode delta) {
        String reasoning = OpenAiReasoning.text(delta);
        if (reasoning != null) {
            reasoningOpen = true;
            out.accept(new StreamEvent.ReasoningDelta(reasoning));
        }
        if (reasoningOpen && (nonEmpty(delta.get("content")) || nonEmpty(delta.get("refusal"))
                || delta.has("tool_calls"))) {
            closeReasoning();
        }
        text(delta.get("content"));
        // A refusal is what the user gets to read: it streams as text (stream_refusal.sse).
        text(delta.get("refusal"));
        JsonNode calls = delta.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int i = 0; i < calls.size(); i++) {
                toolFragment(calls.get(i), i);
            }
        }
    }

    private static boolean nonEmpty(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isEmpty();
    }

    /** The reasoning text ends where the answer's content or its first tool call begins. */
    private void closeReasoning() {
        reasoningOpen = false;
        out.accept(new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING));
    }

    private void text(JsonNode node) {
        if (node != null && node.isTextual() && !node.textValue().isEmpty()) {
            out.accept(new StreamEvent.TextDelta(node.textValue()));
        }
    }

    private void toolFragment(JsonNode call, int position) {
        // Some compatible upstreams omit index when each chunk carries whole calls: fall back to position.
        int wire = call.path("index").isInt() ? call.get("index").intValue() : position;
        JsonNode fn = call.path("function");
        String args = fn.path("arguments").isTextual() ? fn.get("arguments").textValue() : "";
        Integer ir = irIndexByWire.get(wire);
        if (ir == null) {
            ir = irIndexByWire.size();
            irIndexByWire.put(wire, ir);
            openTools.add(ir);
            String name = fn.path("name").asText("");
            String callId = call.path("id").asText("");
            if (callId.isEmpty()) {
                callId = ToolCallIds.synthesize(id, ir, name, "");
            }
            out.accept(new StreamEvent.ToolCallStart(ir, callId, name));
        }
        if (!args.isEmpty()) {
            out.accept(new StreamEvent.ToolArgumentsDelta(ir, args));
        }
    }

    private void finish(FinishReason reason) {
        if (reasoningOpen) {
            closeReasoning();
        }
        for (int ir : openTools) {
            out.accept(new StreamEvent.BlockStop(ir));
        }
        openTools.clear();
        finished = true;
        out.accept(new StreamEvent.Finish(reason == FinishReason.STOP && !irIndexByWire.isEmpty()
                ? FinishReason.TOOL_CALLS : reason));
    }
}
