package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Writes a Cohere Chat v1 NDJSON stream: {@code stream-start}, {@code text-generation} per text delta,
 * {@code tool-calls-chunk} with {@code tool_call_delta} as call fragments arrive, one {@code tool-calls-generation}
 * with the complete calls when generation finishes, then {@code stream-end}.
 *
 * <p>Buffered because the framing forces it: the full text and the calls (tool-calls-generation and stream-end
 * repeat them complete), and stream-end itself, which waits for end() or for a usage report after Finish since
 * other protocols' decoders may report usage after the finish reason.
 */
final class CohereV1StreamEncoder implements StreamEncoder {

    private final StringBuilder text = new StringBuilder();
    private final TreeMap<Integer, Call> calls = new TreeMap<>();
    private String id;
    private boolean started;
    private boolean generationWritten;
    private boolean done;
    private FinishReason finish;
    private TokenCounts usage;

    @Override
    public String contentType() {
        return "application/stream+json";
    }

    @Override
    public void encode(StreamEvent event, Consumer<byte[]> out) {
        if (done) {
            return;
        }
        start(event instanceof StreamEvent.Start s ? s.id() : null, out);
        if (event instanceof StreamEvent.Start s) {
            if (s.usage() != null) {
                usage = s.usage();
            }
        } else if (event instanceof StreamEvent.TextDelta t) {
            if (!t.text().isEmpty()) {
                text.append(t.text());
                out.accept(line(event("text-generation").put("text", t.text())));
            }
        } else if (event instanceof StreamEvent.ToolCallStart s) {
            calls.put(s.index(), new Call(s.id(), s.name()));
            ObjectNode ev = event("tool-calls-chunk");
            ev.putObject("tool_call_delta").put("index", s.index()).put("name", s.name());
            out.accept(line(ev));
        } else if (event instanceof StreamEvent.ToolArgumentsDelta d) {
            Call c = calls.computeIfAbsent(d.index(), i -> new Call(null, ""));
            c.args.append(d.fragment());
            ObjectNode ev = event("tool-calls-chunk");
            ev.putObject("tool_call_delta").put("index", d.index()).put("parameters", d.fragment());
            out.accept(line(ev));
        } else if (event instanceof StreamEvent.BlockStop b) {
            // v1 has no block boundaries; complete calls go out together in tool-calls-generation.
        } else if (event instanceof StreamEvent.Finish f) {
            finish = f.reason();
            writeGeneration(out);
        } else if (event instanceof StreamEvent.UsageReport u) {
            usage = u.usage();
            if (finish != null) {
                writeEnd(out);
            }
        } else if (event instanceof StreamEvent.Error e) {
            finish = FinishReason.ERROR;
            writeEnd(out);
        }
    }

    @Override
    public void end(Consumer<byte[]> out) {
        if (done) {
            return;
        }
        start(null, out);
        if (finish == null) {
            finish = calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
        }
        writeEnd(out);
    }

    private void start(String sourceId, Consumer<byte[]> out) {
        if (!started) {
            started = true;
            id = sourceId == null || sourceId.isEmpty() ? UUID.randomUUID().toString() : sourceId;
            out.accept(line(event("stream-start").put("generation_id", id)));
        }
    }

    private void writeGeneration(Consumer<byte[]> out) {
        if (generationWritten || calls.isEmpty()) {
            return;
        }
        generationWritten = true;
        ObjectNode ev = event("tool-calls-generation").put("text", text.toString());
        ArrayNode arr = ev.putArray("tool_calls");
        for (ContentPart.ToolCall c : toolCalls()) {
            arr.addObject().put("name", c.name()).set("parameters", ToolArguments.toObject(c.arguments()));
        }
        out.accept(line(ev));
    }

    private void writeEnd(Consumer<byte[]> out) {
        if (finish != FinishReason.ERROR) {
            writeGeneration(out);
        }
        done = true;
        ObjectNode ev = event("stream-end");
        ev.put("is_finished", true);
        ev.put("finish_reason", CohereFinishReasons.encodeV1(finish));
        ev.set("response", CohereV1ResponseEncoder.object(id, text.toString(), toolCalls(), finish, usage));
        out.accept(line(ev));
    }

    private List<ContentPart.ToolCall> toolCalls() {
        List<ContentPart.ToolCall> out = new ArrayList<>();
        calls.values().forEach(c -> out.add(new ContentPart.ToolCall(c.id, c.name, c.args.toString())));
        return out;
    }

    private static ObjectNode event(String type) {
        ObjectNode ev = Json.object();
        ev.put("is_finished", false);
        ev.put("event_type", type);
        return ev;
    }

    private static byte[] line(ObjectNode ev) {
        byte[] json = Json.bytes(ev);
        byte[] framed = new byte[json.length + 1];
        System.arraycopy(json, 0, framed, 0, json.length);
        framed[json.length] = '\n';
        return framed;
    }

    /** A call being assembled. */
    private static final class Call {
        final String id;
        final String name;
        final StringBuilder args = new StringBuilder();

        Call(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }
}
