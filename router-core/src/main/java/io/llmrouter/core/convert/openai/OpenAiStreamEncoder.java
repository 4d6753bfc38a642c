package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.SseFrames;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Encodes intermediate events as OpenAI {@code chat.completion.chunk} frames for a client (docs/protocols.md#streams):
 * a role chunk, content and tool-call deltas, a final {@code delta:{}} chunk with {@code finish_reason}, a
 * {@code choices:[]} usage chunk only when the client asked for {@code include_usage}, then {@code [DONE]}.
 *
 * <p>Every event is written immediately except usage: OpenAI puts it in its own chunk after the finish chunk, and
 * sources report it before or after their finish, so the last {@link StreamEvent.UsageReport} is held until
 * {@link #end}. Robust to any order: missing Start, text after tools, arguments without a start, no Finish.
 */
public final class OpenAiStreamEncoder implements StreamEncoder {

    private final boolean includeUsage;
    private final Clock clock;
    private final Set<Integer> startedTools = new HashSet<>();
    private String id;
    private String model;
    private long created;
    private boolean started;
    private boolean finished;
    private boolean failed;
    private TokenCounts usage;

    /** Whether the client wants the model's reasoning text ({@code reasoning_content} deltas). */
    private final boolean showThoughts;

    /**
     * An encoder for a client that did (or did not) ask for {@code stream_options.include_usage}, and to see the
     * model's reasoning text.
     */
    public OpenAiStreamEncoder(String requestedModel, boolean includeUsage, boolean showThoughts, Clock clock) {
        this.model = requestedModel;
        this.includeUsage = includeUsage;
        this.showThoughts = showThoughts;
        this.clock = clock;
    }

    @Override
    public String contentType() {
        return "text/event-stream";
    }

    @Override
    public void encode(StreamEvent event, Consumer<byte[]> out) {
        if (failed) {
            return;
        }
        if (event instanceof StreamEvent.Start s) {
            start(s.id(), s.model(), out);
        } else if (event instanceof StreamEvent.TextDelta t) {
            if (t.text() != null && !t.text().isEmpty() && !finished) {
                start(null, null, out);
                out.accept(chunk(Json.object().put("content", t.text()), null));
            }
        } else if (event instanceof StreamEvent.ReasoningDelta r) {
            if (showThoughts && !r.text().isEmpty() && !finished) {
                start(null, null, out);
                out.accept(chunk(Json.object().put(OpenAiReasoning.CONTENT, r.text()), null));
            }
        } else if (event instanceof StreamEvent.ToolCallStart t) {
            if (!finished && !startedTools.contains(t.index())) {
                start(null, null, out);
                toolStart(t.index(), t.id(), t.name(), out);
            }
        } else if (event instanceof StreamEvent.ToolArgumentsDelta a) {
            if (!finished && a.fragment() != null && !a.fragment().isEmpty()) {
                start(null, null, out);
                if (!startedTools.contains(a.index())) {
                    toolStart(a.index(), "call_" + id + "_" + a.index(), "", out);
                }
                ObjectNode call = toolDelta(a.index());
                call.putObject("function").put("arguments", a.fragment());
                out.accept(chunk(wrap(call), null));
            }
        } else if (event instanceof StreamEvent.Finish f) {
            finish(f.reason(), out);
        } else if (event instanceof StreamEvent.UsageReport u) {
            usage = u.usage();
        } else if (event instanceof StreamEvent.Error e) {
            // Mid-stream errors are a data frame with an error object (openai-python _streaming.py raises on it).
            out.accept(SseFrames.data(OpenAiErrors.encode(e.error()).body()));
            failed = true;
        }
        // BlockStop: OpenAI has no block boundaries.
    }

    @Override
    public void end(Consumer<byte[]> out) {
        if (failed) {
            return; // the error frame was the last word; openai-python raises on it
        }
        start(null, null, out);
        if (!finished) {
            finish(startedTools.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS, out);
        }
        if (includeUsage) {
            ObjectNode root = envelope();
            root.putArray("choices");
            root.set("usage", OpenAiUsage.encode(usage == null ? TokenCounts.ZERO : usage));
            out.accept(SseFrames.data(Json.bytes(root)));
        }
        out.accept(SseFrames.done());
        failed = true; // nothing more after [DONE]
    }

    private void start(String sourceId, String sourceModel, Consumer<byte[]> out) {
        if (started) {
            return;
        }
        started = true;
        id = sourceId != null && !sourceId.isEmpty() ? sourceId : OpenAiIds.completionId();
        if (sourceModel != null && !sourceModel.isEmpty()) {
            model = sourceModel;
        }
        created = clock.instant().getEpochSecond();
        ObjectNode delta = Json.object().put("role", "assistant").put("content", "");
        out.accept(chunk(delta, null));
    }

    private void toolStart(int index, String callId, String name, Consumer<byte[]> out) {
        startedTools.add(index);
        ObjectNode call = toolDelta(index);
        call.put("id", callId).put("type", "function");
        call.putObject("function").put("name", name == null ? "" : name).put("arguments", "");
        out.accept(chunk(wrap(call), null));
    }

    private void finish(FinishReason reason, Consumer<byte[]> out) {
        if (finished) {
            return;
        }
        start(null, null, out);
        finished = true;
        out.accept(chunk(Json.object(), OpenAiFinishReasons.encode(reason, !startedTools.isEmpty())));
    }

    private static ObjectNode toolDelta(int index) {
        return Json.object().put("index", index);
    }

    private static ObjectNode wrap(ObjectNode call) {
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(call);
        return delta;
    }

    private ObjectNode envelope() {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("object", "chat.completion.chunk");
        root.put("created", created);
        root.put("model", model == null ? "" : model);
        return root;
    }

    private byte[] chunk(ObjectNode delta, String finishReason) {
        ObjectNode root = envelope();
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (includeUsage) {
            root.putNull("usage"); // spec: with include_usage every other chunk carries usage: null
        }
        return SseFrames.data(Json.bytes(root));
    }
}
