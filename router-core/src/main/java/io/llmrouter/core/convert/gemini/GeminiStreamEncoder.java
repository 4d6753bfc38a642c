package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Streams an answer to a Gemini client as GenerateContentResponse chunks, in one of Google's two framings:
 * {@code alt=sse} gives {@code data: <chunk>\r\n\r\n} (CRLF, mirroring Google; no terminator), otherwise an
 * incrementally written JSON array ({@code [} with the first chunk, {@code ,\r\n} before each later one, {@code ]}
 * at the end). Text deltas go out at once. Gemini has no argument deltas — a functionCall part carries the whole
 * {@code args} object — so the only buffering is each tool call's argument fragments until its BlockStop (or the
 * Finish). The finishing chunk waits for usage: it is written at a UsageReport after Finish, or at {@link #end}.
 */
final class GeminiStreamEncoder implements StreamEncoder {

    private final boolean sse;
    private final GeminiErrors errors = new GeminiErrors();
    private final Map<Integer, PendingCall> calls = new TreeMap<>();
    private String id;
    private String model;
    private TokenCounts usage;
    private FinishReason finish;
    private boolean sawCalls;
    private boolean finalSent;
    private boolean failed;
    private boolean ended;
    private int chunks;

    private final boolean showThoughts;
    /** Gemini's signature of the reasoning just streamed, for the next part. */
    private String signature;

    GeminiStreamEncoder(boolean sse, boolean showThoughts) {
        this.sse = sse;
        this.showThoughts = showThoughts;
    }

    @Override
    public String contentType() {
        return sse ? "text/event-stream" : "application/json";
    }

    @Override
    public void encode(StreamEvent event, Consumer<byte[]> out) {
        if (failed || ended) {
            return;
        }
        if (event instanceof StreamEvent.Start s) {
            id = s.id();
            model = s.model();
            if (s.usage() != null && usage == null) {
                usage = s.usage();
            }
        } else if (event instanceof StreamEvent.TextDelta t) {
            if (!t.text().isEmpty()) {
                emit(parts(new ContentPart.Text(t.text())), out);
            }
        } else if (event instanceof StreamEvent.ReasoningDelta r) {
            if (showThoughts && !r.text().isEmpty()) {
                emit(parts(ContentPart.Reasoning.text(r.text())), out);
            }
        } else if (event instanceof StreamEvent.ReasoningSignature r) {
            if (r.origin() == Protocol.GEMINI && !r.redacted()) {
                signature = r.signature();
            }
        } else if (event instanceof StreamEvent.ToolCallStart s) {
            calls.computeIfAbsent(s.index(), i -> new PendingCall()).start(s.id(), s.name());
        } else if (event instanceof StreamEvent.ToolArgumentsDelta d) {
            calls.computeIfAbsent(d.index(), i -> new PendingCall()).args.append(d.fragment());
        } else if (event instanceof StreamEvent.BlockStop b) {
            if (b.tool()) {
                PendingCall call = calls.remove(b.toolIndex());
                if (call != null) {
                    emitCall(b.toolIndex(), call, out);
                }
            }
        } else if (event instanceof StreamEvent.Finish f) {
            flushCalls(out);
            finish = f.reason();
        } else if (event instanceof StreamEvent.UsageReport u) {
            usage = u.usage();
            if (finalSent) {
                emitUsageOnly(out);
            } else if (finish != null) {
                emitFinal(out);
            }
        } else if (event instanceof StreamEvent.Error e) {
            ObjectNode error = errors.streamError(e.error());
            emit(error, out);
            failed = true;
        }
    }

    @Override
    public void end(Consumer<byte[]> out) {
        if (ended) {
            return;
        }
        ended = true;
        if (!failed) {
            flushCalls(out);
            if (!finalSent) {
                emitFinal(out);
            }
        }
        if (!sse) {
            out.accept((chunks == 0 ? "[]" : "\r\n]").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void flushCalls(Consumer<byte[]> out) {
        for (Map.Entry<Integer, PendingCall> e : calls.entrySet()) {
            emitCall(e.getKey(), e.getValue(), out);
        }
        calls.clear();
    }

    private void emitCall(int index, PendingCall call, Consumer<byte[]> out) {
        String name = call.name == null ? "" : call.name;
        String args = call.args.toString();
        String callId = call.id != null ? call.id : ToolCallIds.synthesize(id, index, name, args);
        sawCalls = true;
        ContentPart.ToolCall part = new ContentPart.ToolCall(callId, name, args);
        emit(parts(part), out);
    }

    /** A chunk with one part, carrying the waiting signature. */
    private ObjectNode parts(ContentPart part) {
        List<ContentPart> content = signature == null ? List.of(part)
                : List.of(ContentPart.Reasoning.signed("", signature, Protocol.GEMINI), part);
        signature = null;
        return GeminiResponseEncoder.chunk(content, null, null, model, id, showThoughts);
    }

    private void emitFinal(Consumer<byte[]> out) {
        FinishReason reason = finish != null ? finish : sawCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        // A signature no part followed goes in the last chunk, on an empty text part of its own.
        List<ContentPart> content = signature == null ? List.of()
                : List.of(ContentPart.Reasoning.signed("", signature, Protocol.GEMINI));
        signature = null;
        emit(GeminiResponseEncoder.chunk(content, reason, usage, model, id, showThoughts), out);
        finalSent = true;
    }

    /** Usage that arrives after the finishing chunk: Google repeats usageMetadata on chunks, so a bare one is fine. */
    private void emitUsageOnly(Consumer<byte[]> out) {
        ObjectNode chunk = Json.object();
        chunk.set("usageMetadata", GeminiUsage.encode(usage));
        if (model != null) {
            chunk.put("modelVersion", model);
        }
        if (id != null) {
            chunk.put("responseId", id);
        }
        emit(chunk, out);
    }

    private void emit(ObjectNode chunk, Consumer<byte[]> out) {
        String json = Json.text(chunk);
        String frame = sse ? "data: " + json + "\r\n\r\n" : (chunks == 0 ? "[" : ",\r\n") + json;
        chunks++;
        out.accept(frame.getBytes(StandardCharsets.UTF_8));
    }

    /** A tool call whose arguments are still arriving. */
    private static final class PendingCall {
        private final StringBuilder args = new StringBuilder();
        private String id;
        private String name;

        void start(String callId, String callName) {
            id = callId;
            name = callName;
        }
    }
}
