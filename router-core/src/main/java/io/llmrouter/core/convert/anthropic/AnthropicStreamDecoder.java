package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.UpstreamErrors;
import io.llmrouter.core.failure.UpstreamFault;
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
 * Decodes an Anthropic SSE stream (docs/protocols.md#streams) into IR events. The frame's JSON {@code type} decides,
 * never string matching: real payloads carry whitespace padding. The IR tool index is the running count of
 * {@code tool_use} blocks, not Anthropic's block index (which text and thinking blocks share). The end marker is
 * {@code message_stop}; a stream without it (or an {@code error} event) fails with
 * {@link UpstreamFault.Kind#TRUNCATED}, a frame that is not a JSON object with {@link UpstreamFault.Kind#UNDECODABLE}.
 */
final class AnthropicStreamDecoder implements StreamDecoder {

    private enum Kind { TEXT, TOOL, THINKING, OTHER }

    /** One open content block: its kind, IR tool index and whether arguments were seen. */
    private static final class Block {
        final Kind kind;
        final int toolIndex;
        boolean hasArguments;

        Block(Kind kind, int toolIndex) {
            this.kind = kind;
            this.toolIndex = toolIndex;
        }
    }

    private final SseParser parser;
    private final Map<Integer, Block> blocks = new HashMap<>();
    /** The kinds of content left out so far ({@link StreamEvent.Omitted}). */
    private final Set<String> omitted = new HashSet<>();
    private Consumer<StreamEvent> out;
    private boolean started;
    private boolean finished;
    private boolean failed;
    private boolean stopped;
    private int toolCount;
    private AnthropicUsage.Parts usage = AnthropicUsage.Parts.NONE;

    AnthropicStreamDecoder(FrameLimits limits) {
        this.parser = new SseParser(limits, this::onEvent, null);
    }

    @Override
    public void feed(byte[] chunk, Consumer<StreamEvent> sink) {
        out = sink;
        parser.feed(chunk);
    }

    /** Flushes a last frame without its blank line; a stream cut before {@code message_stop} gets no Finish. */
    @Override
    public void end(Consumer<StreamEvent> sink) {
        out = sink;
        parser.end();
        if (!stopped && !failed) {
            throw new UpstreamFault(UpstreamFault.Kind.TRUNCATED, "Anthropic stream ended without message_stop");
        }
    }

    private void onEvent(SseEvent sse) {
        if (failed || stopped || sse.data().isBlank()) {
            return; // nothing follows an error or message_stop; an empty frame says nothing
        }
        JsonNode data = Json.tryParse(sse.data());
        if (data == null || !data.isObject()) {
            throw new UpstreamFault(UpstreamFault.Kind.UNDECODABLE,
                    "Anthropic stream event is not a JSON object (" + sse.data().length() + " characters)");
        }
        String type = data.path("type").isTextual() ? data.get("type").asText() : sse.event();
        if (type == null) {
            return;
        }
        switch (type) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data.path("index").asInt(-1), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(-1), data.path("delta"));
            case "content_block_stop" -> blockStop(data.path("index").asInt(-1));
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> {
                finish(null);
                stopped = true;
            }
            case "error" -> {
                // No Start is synthesized before an error: nothing reached the client yet, so the router may fail over.
                failed = true;
                out.accept(new StreamEvent.Error(
                        UpstreamErrors.inStream(AnthropicErrors.fromErrorObject(0, data.path("error")))));
            }
            default -> {
                // ping and event types newer than this decoder are ignored, as the SDK does.
            }
        }
    }

    private void messageStart(JsonNode message) {
        usage = usage.merge(message.get("usage"));
        if (!started) {
            started = true;
            out.accept(new StreamEvent.Start(message.path("id").asText(null), message.path("model").asText(null),
                    usage.counts()));
            out.accept(new StreamEvent.UsageReport(usage.counts(), true));
        }
    }

    private void ensureStarted() {
        if (!started) {
            started = true;
            out.accept(new StreamEvent.Start("msg_stream", null, null));
        }
    }

    private void blockStart(int index, JsonNode block) {
        ensureStarted();
        String type = block.path("type").asText("");
        switch (type) {
            case "text" -> {
                blocks.put(index, new Block(Kind.TEXT, -1));
                String text = block.path("text").asText("");
                if (!text.isEmpty()) {
                    out.accept(new StreamEvent.TextDelta(text));
                }
            }
            case "tool_use" -> {
                Block b = new Block(Kind.TOOL, toolCount++);
                blocks.put(index, b);
                out.accept(new StreamEvent.ToolCallStart(b.toolIndex, block.path("id").asText(null),
                        block.path("name").asText(null)));
                // input is normally an empty placeholder; a non-empty one is the whole input.
                JsonNode input = block.get("input");
                if (input != null && input.isObject() && !input.isEmpty()) {
                    b.hasArguments = true;
                    out.accept(new StreamEvent.ToolArgumentsDelta(b.toolIndex, Json.text(input)));
                }
            }
            case "thinking" -> {
                blocks.put(index, new Block(Kind.THINKING, -1));
                String thinking = block.path("thinking").asText("");
                if (!thinking.isEmpty()) {
                    out.accept(new StreamEvent.ReasoningDelta(thinking));
                }
            }
            case "redacted_thinking" -> {
                blocks.put(index, new Block(Kind.THINKING, -1));
                String data = block.path("data").asText("");
                if (!data.isEmpty()) {
                    out.accept(new StreamEvent.ReasoningSignature(data, true, Protocol.ANTHROPIC));
                }
            }
            default -> {
                // Server tools' calls and results: the IR answer has no place for them.
                blocks.put(index, new Block(Kind.OTHER, -1));
                omitted(type.isEmpty() ? "content[]" : type);
            }
        }
    }

    /** Says each kind of content left out once per stream. */
    private void omitted(String name) {
        if (omitted.add(name)) {
            out.accept(new StreamEvent.Omitted(name));
        }
    }

    private void blockDelta(int index, JsonNode delta) {
        ensureStarted();
        Block b = blocks.get(index);
        switch (delta.path("type").asText("")) {
            case "text_delta" -> {
                String text = delta.path("text").asText("");
                if (!text.isEmpty() && (b == null || b.kind == Kind.TEXT)) {
                    out.accept(new StreamEvent.TextDelta(text));
                }
            }
            case "input_json_delta" -> {
                String fragment = delta.path("partial_json").asText("");
                if (b != null && b.kind == Kind.TOOL && !fragment.isEmpty()) {
                    b.hasArguments = true;
                    out.accept(new StreamEvent.ToolArgumentsDelta(b.toolIndex, fragment));
                }
            }
            case "thinking_delta" -> {
                String thinking = delta.path("thinking").asText("");
                if (!thinking.isEmpty() && b != null && b.kind == Kind.THINKING) {
                    out.accept(new StreamEvent.ReasoningDelta(thinking));
                }
            }
            case "signature_delta" -> {
                String signature = delta.path("signature").asText("");
                if (!signature.isEmpty() && b != null && b.kind == Kind.THINKING) {
                    out.accept(new StreamEvent.ReasoningSignature(signature, false, Protocol.ANTHROPIC));
                }
            }
            case "citations_delta" -> omitted("citations");
            default -> {
                // a delta type of a later API version: nothing the IR knows
            }
        }
    }

    private void blockStop(int index) {
        Block b = blocks.remove(index);
        if (b == null) {
            return;
        }
        if (b.kind == Kind.TEXT) {
            out.accept(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT));
        } else if (b.kind == Kind.THINKING) {
            out.accept(new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING));
        } else if (b.kind == Kind.TOOL) {
            if (!b.hasArguments) {
                // A call without parameters streams no (or only empty) fragments; the IR wants JSON text.
                out.accept(new StreamEvent.ToolArgumentsDelta(b.toolIndex, "{}"));
            }
            out.accept(new StreamEvent.BlockStop(b.toolIndex));
        }
    }

    private void messageDelta(JsonNode data) {
        ensureStarted();
        JsonNode stop = data.path("delta").path("stop_reason");
        if (stop.isTextual()) {
            finish(stop.asText());
        }
        JsonNode u = data.get("usage");
        if (u != null && u.isObject()) {
            usage = usage.merge(u);
            out.accept(new StreamEvent.UsageReport(usage.counts(), true));
        }
    }

    private void finish(String stopReason) {
        if (finished) {
            return;
        }
        ensureStarted();
        finished = true;
        out.accept(new StreamEvent.Finish(AnthropicStopReasons.decode(stopReason, toolCount > 0)));
    }
}
