package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.SseFrames;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Writes a Cohere Chat v2 SSE stream: {@code message-start}, {@code content-start/delta/end} per text block,
 * {@code tool-call-start/delta/end} per call, {@code message-end}, then {@code data: [DONE]}. Nothing is buffered
 * except {@code message-end}, held until end() or a usage report after Finish, because other protocols' decoders
 * may report usage after the finish reason. Text and tool blocks are closed before another kind opens.
 */
final class CohereV2StreamEncoder implements StreamEncoder {

    private final Set<Integer> openTools = new HashSet<>();
    private boolean started;
    private int contentIndex;
    private boolean textOpen;
    private boolean thinkingOpen;
    private final boolean showThoughts;
    private boolean toolsSeen;
    private boolean ended;
    private boolean terminated;
    private FinishReason finish;
    private TokenCounts usage;

    /** An encoder for a client that did (or did not) ask to see the model's thinking. */
    CohereV2StreamEncoder(boolean showThoughts) {
        this.showThoughts = showThoughts;
    }

    @Override
    public String contentType() {
        return "text/event-stream";
    }

    @Override
    public void encode(StreamEvent event, Consumer<byte[]> out) {
        if (ended) {
            return;
        }
        start(event instanceof StreamEvent.Start s ? s.id() : null, out);
        if (event instanceof StreamEvent.Start s) {
            if (s.usage() != null) {
                usage = s.usage();
            }
        } else if (event instanceof StreamEvent.TextDelta t) {
            closeThinking(out);
            text(t.text(), out);
        } else if (event instanceof StreamEvent.ReasoningDelta r) {
            thinking(r.text(), out);
        } else if (event instanceof StreamEvent.ToolCallStart s) {
            closeThinking(out);
            closeText(out);
            closeTools(out);
            toolsSeen = true;
            openTools.add(s.index());
            ObjectNode call = Json.object().put("id", s.id()).put("type", "function");
            call.putObject("function").put("name", s.name()).put("arguments", "");
            ObjectNode ev = event("tool-call-start").put("index", s.index());
            ev.putObject("delta").putObject("message").set("tool_calls", call);
            out.accept(frame(ev));
        } else if (event instanceof StreamEvent.ToolArgumentsDelta d) {
            if (openTools.contains(d.index())) {
                ObjectNode ev = event("tool-call-delta").put("index", d.index());
                ev.putObject("delta").putObject("message").putObject("tool_calls").putObject("function")
                        .put("arguments", d.fragment());
                out.accept(frame(ev));
            }
        } else if (event instanceof StreamEvent.BlockStop b) {
            if (b.toolIndex() == StreamEvent.BlockStop.TEXT) {
                closeText(out);
            } else if (b.toolIndex() == StreamEvent.BlockStop.REASONING) {
                closeThinking(out);
            } else if (openTools.remove(b.toolIndex())) {
                out.accept(frame(event("tool-call-end").put("index", b.toolIndex())));
            }
        } else if (event instanceof StreamEvent.Finish f) {
            closeThinking(out);
            closeText(out);
            closeTools(out);
            finish = f.reason();
        } else if (event instanceof StreamEvent.UsageReport u) {
            usage = u.usage();
            if (finish != null) {
                messageEnd(out, null);
            }
        } else if (event instanceof StreamEvent.Error e) {
            closeThinking(out);
            closeText(out);
            closeTools(out);
            finish = FinishReason.ERROR;
            messageEnd(out, e.error().message());
        }
    }

    @Override
    public void end(Consumer<byte[]> out) {
        if (terminated) {
            return;
        }
        start(null, out);
        if (!ended) {
            closeThinking(out);
            closeText(out);
            closeTools(out);
            if (finish == null) {
                finish = toolsSeen ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            }
            messageEnd(out, null);
        }
        terminated = true;
        out.accept(SseFrames.done());
    }

    private void start(String id, Consumer<byte[]> out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode ev = Json.object().put("id", id == null || id.isEmpty() ? UUID.randomUUID().toString() : id)
                .put("type", "message-start");
        ObjectNode message = ev.putObject("delta").putObject("message");
        message.put("role", "assistant");
        message.putArray("content");
        message.put("tool_plan", "");
        message.putArray("tool_calls");
        message.putArray("citations");
        out.accept(frame(ev));
    }

    private void text(String text, Consumer<byte[]> out) {
        if (text.isEmpty()) {
            return;
        }
        if (!textOpen) {
            closeTools(out);
            textOpen = true;
            ObjectNode ev = event("content-start").put("index", contentIndex);
            ev.putObject("delta").putObject("message").putObject("content").put("type", "text").put("text", "");
            out.accept(frame(ev));
        }
        ObjectNode ev = event("content-delta").put("index", contentIndex);
        ev.putObject("delta").putObject("message").putObject("content").put("text", text);
        out.accept(frame(ev));
    }

    /** Thinking streams as a content block of type thinking, as Cohere's reasoning models stream it. */
    private void thinking(String text, Consumer<byte[]> out) {
        if (text.isEmpty() || !showThoughts) {
            return;
        }
        if (!thinkingOpen) {
            closeText(out);
            closeTools(out);
            thinkingOpen = true;
            ObjectNode ev = event("content-start").put("index", contentIndex);
            ev.putObject("delta").putObject("message").putObject("content").put("type", CohereThinking.FIELD)
                    .put(CohereThinking.FIELD, "");
            out.accept(frame(ev));
        }
        ObjectNode ev = event("content-delta").put("index", contentIndex);
        ev.putObject("delta").putObject("message").putObject("content").put(CohereThinking.FIELD, text);
        out.accept(frame(ev));
    }

    private void closeThinking(Consumer<byte[]> out) {
        if (thinkingOpen) {
            thinkingOpen = false;
            out.accept(frame(event("content-end").put("index", contentIndex++)));
        }
    }

    private void closeText(Consumer<byte[]> out) {
        if (textOpen) {
            textOpen = false;
            out.accept(frame(event("content-end").put("index", contentIndex++)));
        }
    }

    private void closeTools(Consumer<byte[]> out) {
        for (Integer index : openTools.stream().sorted().toList()) {
            out.accept(frame(event("tool-call-end").put("index", index)));
        }
        openTools.clear();
    }

    private void messageEnd(Consumer<byte[]> out, String error) {
        ended = true;
        ObjectNode ev = event("message-end");
        ObjectNode delta = ev.putObject("delta");
        if (error != null) {
            delta.put("error", error);
        }
        delta.put("finish_reason", CohereFinishReasons.encodeV2(finish));
        ObjectNode u = CohereUsage.v2Object(usage);
        if (u != null) {
            delta.set("usage", u);
        }
        out.accept(frame(ev));
    }

    private static ObjectNode event(String type) {
        return Json.object().put("type", type);
    }

    private static byte[] frame(ObjectNode ev) {
        return SseFrames.event(ev.path("type").asText(), Json.bytes(ev));
    }
}
