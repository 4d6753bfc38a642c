package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.SseFrames;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Encodes intermediate events as a Responses client's typed SSE stream (docs/protocols.md#openai-responses):
 * {@code response.created} and {@code response.in_progress}, then per output item (reasoning, message, function call)
 * {@code output_item.added}, its deltas and {@code .done} events, {@code output_item.done}, and last {@code response.completed} (or
 * {@code response.incomplete}) carrying the whole response with its usage. Every event has {@code event:} equal to its
 * {@code type} and a {@code sequence_number} counting from 0; there is no {@code [DONE]}.
 *
 * <p>What openai-java 4.8.0 needs is kept exactly: no event type it does not know (its accumulator throws on one), no
 * {@code data:} whose top level is an {@code error} (its SSE reader throws), hence a failure after the first event is
 * {@code response.failed} with the output so far, and {@code function_call_arguments.done} names the function. The
 * terminal event repeats every item, so the encoder holds the answer's text and arguments: at most as many characters
 * as a complete upstream answer may have bytes ({@code router.upstream.max-response-size}), past which the stream
 * ends with {@code response.failed}.
 */
final class ResponsesStreamEncoder implements StreamEncoder {

    private final ChatRequest request;
    private final Clock clock;
    private final long maxHeldChars;
    private final List<ResponsesItems.Item> output = new ArrayList<>();
    private final Map<Integer, ResponsesItems.Item> tools = new HashMap<>();
    private ResponseObject head;
    private final boolean showThoughts;
    private ResponsesItems.Item message;
    private ResponsesItems.Item reasoning;
    /** The encrypted content of OpenAI's reasoning in the open reasoning block, or null. */
    private String encrypted;
    private int sequence;
    private long held;
    private FinishReason finish;
    private TokenCounts usage;
    private boolean failed;

    ResponsesStreamEncoder(ChatRequest request, Clock clock, long maxHeldChars) {
        this.request = request;
        this.clock = clock;
        this.maxHeldChars = maxHeldChars;
        this.showThoughts = request == null || request.reasoning() == null || request.reasoning().showThoughts();
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
            if (t.text() != null && !t.text().isEmpty()) {
                text(t.text(), out);
            }
        } else if (event instanceof StreamEvent.ToolCallStart t) {
            if (!tools.containsKey(t.index())) {
                toolStart(t.index(), t.id(), t.name(), out);
            }
        } else if (event instanceof StreamEvent.ToolArgumentsDelta a) {
            if (a.fragment() != null && !a.fragment().isEmpty()) {
                arguments(a.index(), a.fragment(), out);
            }
        } else if (event instanceof StreamEvent.ReasoningDelta r) {
            if (r.text() != null && !r.text().isEmpty() && showThoughts) {
                reasoningText(r.text(), out);
            }
        } else if (event instanceof StreamEvent.ReasoningSignature r) {
            // Only OpenAI's own encrypted reasoning is something a Responses client can replay.
            encrypted = r.origin() == Protocol.OPENAI_RESPONSES ? r.signature() : null;
        } else if (event instanceof StreamEvent.BlockStop b) {
            if (b.toolIndex() == StreamEvent.BlockStop.TEXT) {
                closeMessage(out);
            } else if (b.toolIndex() == StreamEvent.BlockStop.REASONING) {
                closeReasoning(out);
            } else {
                closeTool(tools.get(b.toolIndex()), out);
            }
        } else if (event instanceof StreamEvent.Finish f) {
            finish = f.reason();
        } else if (event instanceof StreamEvent.UsageReport u) {
            usage = u.usage();
        } else if (event instanceof StreamEvent.Error e) {
            fail(e.error(), out);
        }
    }

    @Override
    public void end(Consumer<byte[]> out) {
        if (failed) {
            return;
        }
        start(null, null, out);
        closeReasoning(out);
        closeMessage(out);
        for (ResponsesItems.Item item : output) {
            closeTool(item.type == ResponsesItems.Type.FUNCTION_CALL ? item : null, out);
        }
        if (finish == null && !tools.isEmpty()) {
            finish = FinishReason.TOOL_CALLS;
        }
        ResponseObject.Outcome outcome = ResponsesResponseEncoder.outcome(finish, usage);
        String type = outcome.incompleteReason() == null ? "response.completed" : "response.incomplete";
        out.accept(frame(type, g -> {
            g.writeFieldName("response");
            head.write(g, request, output, outcome);
        }));
        failed = true; // nothing follows the terminal event
    }

    private void start(String sourceId, String sourceModel, Consumer<byte[]> out) {
        if (head != null) {
            return;
        }
        String model = sourceModel != null && !sourceModel.isEmpty() ? sourceModel
                : request == null ? "" : request.model();
        head = new ResponseObject(ResponsesItems.responseId(sourceId), clock.instant().getEpochSecond(), model);
        for (String type : new String[] {"response.created", "response.in_progress"}) {
            out.accept(frame(type, g -> {
                g.writeFieldName("response");
                head.write(g, request, List.of(), ResponseObject.Outcome.IN_PROGRESS);
            }));
        }
    }

    private void text(String text, Consumer<byte[]> out) {
        start(null, null, out);
        closeReasoning(out);
        if (message == null) {
            message = add(ResponsesItems.Type.MESSAGE, null, null, out);
            ResponsesItems.Item m = message;
            out.accept(frame("response.content_part.added", g -> {
                partHead(g, m);
                g.writeFieldName("part");
                ResponsesItems.writeTextPart(g, "");
            }));
        }
        if (!hold(text.length(), out)) {
            return;
        }
        message.content.append(text);
        ResponsesItems.Item m = message;
        out.accept(frame("response.output_text.delta", g -> {
            partHead(g, m);
            g.writeStringField("delta", text);
            g.writeArrayFieldStart("logprobs");
            g.writeEndArray();
        }));
    }

    private void closeMessage(Consumer<byte[]> out) {
        ResponsesItems.Item m = message;
        if (m == null) {
            return;
        }
        message = null;
        m.done = true;
        String text = m.content.toString();
        out.accept(frame("response.output_text.done", g -> {
            partHead(g, m);
            g.writeStringField("text", text);
            g.writeArrayFieldStart("logprobs");
            g.writeEndArray();
        }));
        out.accept(frame("response.content_part.done", g -> {
            partHead(g, m);
            g.writeFieldName("part");
            ResponsesItems.writeTextPart(g, text);
        }));
        itemDone(m, out);
    }

    /** Reasoning text: a reasoning item with one summary part, opened by the first fragment. */
    private void reasoningText(String text, Consumer<byte[]> out) {
        ResponsesItems.Item item = openReasoning(out);
        if (item.content.isEmpty()) {
            out.accept(frame("response.reasoning_summary_part.added", g -> {
                summaryHead(g, item);
                g.writeFieldName("part");
                ResponsesItems.writeSummaryPart(g, "");
            }));
        }
        if (!hold(text.length(), out)) {
            return;
        }
        item.content.append(text);
        out.accept(frame("response.reasoning_summary_text.delta", g -> {
            summaryHead(g, item);
            g.writeStringField("delta", text);
        }));
    }

    private ResponsesItems.Item openReasoning(Consumer<byte[]> out) {
        if (reasoning == null) {
            start(null, null, out);
            closeMessage(out);
            reasoning = add(ResponsesItems.Type.REASONING, null, null, out);
        }
        return reasoning;
    }

    /**
     * Ends the reasoning block. A block with neither text to show nor OpenAI's encrypted content (another provider's
     * signature alone) writes no item: there is nothing a Responses client could read or replay.
     */
    private void closeReasoning(Consumer<byte[]> out) {
        if (reasoning == null && encrypted == null) {
            return;
        }
        ResponsesItems.Item item = openReasoning(out);
        reasoning = null;
        item.encryptedContent = encrypted;
        encrypted = null;
        item.done = true;
        if (!item.content.isEmpty()) {
            String text = item.content.toString();
            out.accept(frame("response.reasoning_summary_text.done", g -> {
                summaryHead(g, item);
                g.writeStringField("text", text);
            }));
            out.accept(frame("response.reasoning_summary_part.done", g -> {
                summaryHead(g, item);
                g.writeFieldName("part");
                ResponsesItems.writeSummaryPart(g, text);
            }));
        }
        itemDone(item, out);
    }

    private void toolStart(int index, String callId, String name, Consumer<byte[]> out) {
        start(null, null, out);
        closeReasoning(out);
        closeMessage(out);
        tools.put(index, add(ResponsesItems.Type.FUNCTION_CALL, callId, name == null ? "" : name, out));
    }

    private void arguments(int index, String fragment, Consumer<byte[]> out) {
        if (!tools.containsKey(index)) {
            start(null, null, out);
            toolStart(index, "call_" + head.id() + "_" + index, "", out);
        }
        ResponsesItems.Item call = tools.get(index);
        if (call.done || !hold(fragment.length(), out)) {
            return;
        }
        call.content.append(fragment);
        out.accept(frame("response.function_call_arguments.delta", g -> {
            itemHead(g, call);
            g.writeStringField("delta", fragment);
        }));
    }

    private void closeTool(ResponsesItems.Item call, Consumer<byte[]> out) {
        if (call == null || call.done) {
            return;
        }
        call.done = true;
        out.accept(frame("response.function_call_arguments.done", g -> {
            itemHead(g, call);
            // Not in OpenAI's own stream, but openai-java 4.8.0 requires it.
            g.writeStringField("name", call.name);
            g.writeStringField("arguments", call.content.isEmpty() ? "{}" : call.content.toString());
        }));
        itemDone(call, out);
    }

    private ResponsesItems.Item add(ResponsesItems.Type type, String callId, String name, Consumer<byte[]> out) {
        ResponsesItems.Item item = new ResponsesItems.Item(type, head.id(), output.size(), callId, name);
        output.add(item);
        out.accept(frame("response.output_item.added", g -> {
            g.writeNumberField("output_index", item.index);
            g.writeFieldName("item");
            item.writeAdded(g);
        }));
        return item;
    }

    private void itemDone(ResponsesItems.Item item, Consumer<byte[]> out) {
        out.accept(frame("response.output_item.done", g -> {
            g.writeNumberField("output_index", item.index);
            g.writeFieldName("item");
            item.write(g);
        }));
    }

    /** Counts {@code chars} more held characters; false (and the stream failed) past the limit. */
    private boolean hold(int chars, Consumer<byte[]> out) {
        held += chars;
        if (held <= maxHeldChars) {
            return true;
        }
        fail(ApiError.of(ErrorKind.BAD_GATEWAY, "the answer exceeds the router's limit of " + maxHeldChars
                + " characters for a streamed response"), out);
        return false;
    }

    private void fail(ApiError error, Consumer<byte[]> out) {
        start(null, null, out);
        failed = true;
        ResponseObject.Outcome outcome = new ResponseObject.Outcome("failed", usage, error, null);
        out.accept(frame("response.failed", g -> {
            g.writeFieldName("response");
            head.write(g, request, output, outcome);
        }));
    }

    private static void itemHead(JsonGenerator g, ResponsesItems.Item item)
            throws IOException {
        g.writeStringField("item_id", item.id);
        g.writeNumberField("output_index", item.index);
    }

    private static void summaryHead(JsonGenerator g, ResponsesItems.Item item) throws IOException {
        itemHead(g, item);
        g.writeNumberField("summary_index", 0);
    }

    private static void partHead(JsonGenerator g, ResponsesItems.Item item)
            throws IOException {
        itemHead(g, item);
        g.writeNumberField("content_index", 0);
    }

    /** One event: {@code event: <type>}, and data opening with its type and sequence number. */
    private byte[] frame(String type, Json.Writer body) {
        int n = sequence++;
        return SseFrames.event(type, Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("type", type);
            g.writeNumberField("sequence_number", n);
            body.write(g);
            g.writeEndObject();
        }));
    }
}
