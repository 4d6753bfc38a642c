package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.SseFrames;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Writes IR events as an Anthropic SSE stream: {@code message_start}, then {@code content_block_start/delta/stop}
 * per block (text opened lazily and closed before the next tool block; one block per tool call with a fresh block
 * index), then {@code message_delta} and {@code message_stop}. Tolerates any event order another protocol's decoder
 * produces: a missing Start, text after tools, missing BlockStops, usage before or after Finish, no Finish at all.
 */
final class AnthropicStreamEncoder implements StreamEncoder {

    private final String requestModel;
    private final Map<Integer, Integer> blockOfTool = new HashMap<>();
    private String messageId;
    private boolean started;
    private boolean closed;
    private int nextBlock;
    /** Anthropic index of the open block, or -1. */
    private int openBlock = -1;
    /** IR tool index of the open block, or {@link StreamEvent.BlockStop#TEXT} when it is the text block. */
    private int openTool;
    private boolean sawTools;
    private FinishReason pendingFinish;
    private TokenCounts usage;

    /** Whether the open block is a thinking block (it then has no tool index). */
    private boolean thinkingOpen;
    private final boolean showThoughts;

    AnthropicStreamEncoder(ChatRequest request) {
        this.requestModel = request == null ? null : request.model();
        this.showThoughts = request == null || request.reasoning() == null || request.reasoning().showThoughts();
    }

    @Override
    public String contentType() {
        return "text/event-stream";
    }

    @Override
    public void encode(StreamEvent event, Consumer<byte[]> out) {
        if (closed) {
            return;
        }
        if (event instanceof StreamEvent.Start s) {
            if (s.usage() != null) {
                usage = s.usage();
            }
            start(s.id(), s.model(), out);
        } else if (event instanceof StreamEvent.TextDelta t) {
            text(t.text(), out);
        } else if (event instanceof StreamEvent.ReasoningDelta r) {
            if (showThoughts && !r.text().isEmpty()) {
                openThinking(out);
                ObjectNode delta = Json.object();
                delta.put("type", "thinking_delta");
                delta.put("thinking", r.text());
                out.accept(delta(openBlock, delta));
            }
        } else if (event instanceof StreamEvent.ReasoningSignature r) {
            signature(r, out);
        } else if (event instanceof StreamEvent.ToolCallStart t) {
            toolStart(t.index(), t.id(), t.name(), out);
        } else if (event instanceof StreamEvent.ToolArgumentsDelta d) {
            arguments(d.index(), d.fragment(), out);
        } else if (event instanceof StreamEvent.BlockStop b) {
            if (openBlock >= 0 && (b.toolIndex() == StreamEvent.BlockStop.REASONING ? thinkingOpen
                    : !thinkingOpen && openTool == b.toolIndex())) {
                closeBlock(out);
            }
        } else if (event instanceof StreamEvent.Finish f) {
            start(null, null, out);
            closeBlock(out);
            pendingFinish = f.reason();
        } else if (event instanceof StreamEvent.UsageReport u) {
            usage = u.usage();
            // The Finish is held back because OpenAI sends its usage chunk AFTER finish_reason, and message_delta
            // must carry the final output_tokens: usage arriving after Finish completes the message.
            if (pendingFinish != null) {
                finishMessage(out);
            }
        } else if (event instanceof StreamEvent.Error e) {
            // Anthropic ends a failed stream with one error event and nothing after it.
            out.accept(SseFrames.event("error", Json.bytes(AnthropicErrors.body(e.error()))));
            closed = true;
        }
    }

    @Override
    public void end(Consumer<byte[]> out) {
        if (closed) {
            return;
        }
        start(null, null, out);
        closeBlock(out);
        if (pendingFinish == null) {
            pendingFinish = sawTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        finishMessage(out);
    }

    private void start(String id, String model, Consumer<byte[]> out) {
        if (started) {
            return;
        }
        started = true;
        messageId = id != null ? id : "msg_" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode root = Json.object();
        root.put("type", "message_start");
        ObjectNode m = root.putObject("message");
        m.put("id", messageId);
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", model != null ? model : requestModel);
        m.putArray("content");
        m.putNull("stop_reason");
        m.putNull("stop_sequence");
        ObjectNode u = AnthropicUsage.encode(usage == null ? TokenCounts.ZERO : new TokenCounts(usage.inputTokens(),
                0, usage.cachedInputTokens(), 0, usage.cacheWriteTokens()));
        m.set("usage", u);
        out.accept(SseFrames.event("message_start", Json.bytes(root)));
    }

    /** Opens a thinking block unless one is open. */
    private void openThinking(Consumer<byte[]> out) {
        start(null, null, out);
        if (openBlock >= 0 && thinkingOpen) {
            return;
        }
        closeBlock(out);
        ObjectNode block = Json.object();
        block.put("type", "thinking");
        block.put("thinking", "");
        block.put("signature", "");
        openBlock(StreamEvent.BlockStop.REASONING, block, out);
        thinkingOpen = true;
    }

    /**
     * Anthropic's own signature completes its thinking block; its redacted thinking is a block of its own. Signatures
     * of other providers mean nothing to an Anthropic client and are left out.
     */
    private void signature(StreamEvent.ReasoningSignature r, Consumer<byte[]> out) {
        if (r.origin() != Protocol.ANTHROPIC) {
            return;
        }
        if (r.redacted()) {
            start(null, null, out);
            closeBlock(out);
            ObjectNode block = Json.object();
            block.put("type", "redacted_thinking");
            block.put("data", r.signature());
            openBlock(StreamEvent.BlockStop.REASONING, block, out);
            thinkingOpen = true;
            return;
        }
        openThinking(out);
        ObjectNode delta = Json.object();
        delta.put("type", "signature_delta");
        delta.put("signature", r.signature());
        out.accept(delta(openBlock, delta));
    }

    private void text(String text, Consumer<byte[]> out) {
        start(null, null, out);
        if (text == null || text.isEmpty()) {
            return;
        }
        if (openBlock < 0 || thinkingOpen || openTool != StreamEvent.BlockStop.TEXT) {
            closeBlock(out);
            ObjectNode block = Json.object();
            block.put("type", "text");
            block.put("text", "");
            openBlock(StreamEvent.BlockStop.TEXT, block, out);
        }
        ObjectNode delta = Json.object();
        delta.put("type", "text_delta");
        delta.put("text", text);
        out.accept(delta(openBlock, delta));
    }

    private void toolStart(int index, String id, String name, Consumer<byte[]> out) {
        start(null, null, out);
        closeBlock(out);
        sawTools = true;
        ObjectNode block = Json.object();
        block.put("type", "tool_use");
        block.put("id", id != null ? AnthropicRequestEncoder.toolId(id)
                : ToolCallIds.synthesize(messageId, index, name, null));
        block.put("name", name != null ? name : "unknown");
        block.putObject("input");
        blockOfTool.put(index, nextBlock);
        openBlock(index, block, out);
    }

    private void arguments(int index, String fragment, Consumer<byte[]> out) {
        if (!blockOfTool.containsKey(index)) {
            toolStart(index, null, null, out);
        }
        if (fragment == null || fragment.isEmpty()) {
            return;
        }
        // A fragment for an already closed tool block (interleaved OpenAI calls) keeps that block's index: SDKs
        // accumulate input_json_delta by index.
        ObjectNode delta = Json.object();
        delta.put("type", "input_json_delta");
        delta.put("partial_json", fragment);
        out.accept(delta(blockOfTool.get(index), delta));
    }

    private void openBlock(int toolIndex, ObjectNode contentBlock, Consumer<byte[]> out) {
        openBlock = nextBlock++;
        openTool = toolIndex;
        ObjectNode root = Json.object();
        root.put("type", "content_block_start");
        root.put("index", openBlock);
        root.set("content_block", contentBlock);
        out.accept(SseFrames.event("content_block_start", Json.bytes(root)));
    }

    private void closeBlock(Consumer<byte[]> out) {
        if (openBlock < 0) {
            return;
        }
        ObjectNode root = Json.object();
        root.put("type", "content_block_stop");
        root.put("index", openBlock);
        out.accept(SseFrames.event("content_block_stop", Json.bytes(root)));
        openBlock = -1;
        thinkingOpen = false;
    }

    private static byte[] delta(int index, ObjectNode delta) {
        ObjectNode root = Json.object();
        root.put("type", "content_block_delta");
        root.put("index", index);
        root.set("delta", delta);
        return SseFrames.event("content_block_delta", Json.bytes(root));
    }

    private void finishMessage(Consumer<byte[]> out) {
        closeBlock(out);
        ObjectNode root = Json.object();
        root.put("type", "message_delta");
        ObjectNode d = root.putObject("delta");
        d.put("stop_reason", AnthropicStopReasons.encode(pendingFinish, sawTools));
        d.putNull("stop_sequence");
        root.set("usage", AnthropicUsage.encode(usage));
        out.accept(SseFrames.event("message_delta", Json.bytes(root)));
        ObjectNode stop = Json.object();
        stop.put("type", "message_stop");
        out.accept(SseFrames.event("message_stop", Json.bytes(stop)));
        closed = true;
    }
}
