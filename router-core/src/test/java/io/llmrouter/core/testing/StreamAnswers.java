package io.llmrouter.core.testing;

import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A client SDK's view of a stream: its events folded into one answer. */
public final class StreamAnswers {

    private StreamAnswers() {
    }

    /**
     * The answer the events make: reasoning blocks first (text and signature), then the text, then the tool calls
     * by index; the last usage; a stream error fails the test.
     */
    public static ChatResponse assemble(List<StreamEvent> events) {
        String id = null;
        String model = null;
        List<ContentPart> reasoning = new ArrayList<>();
        StringBuilder thinking = new StringBuilder();
        StreamEvent.ReasoningSignature signed = null;
        boolean open = false;
        StringBuilder text = new StringBuilder();
        Map<Integer, String[]> calls = new TreeMap<>();
        Map<Integer, StringBuilder> args = new TreeMap<>();
        FinishReason finish = null;
        TokenCounts usage = null;
        for (StreamEvent e : events) {
            if (e instanceof StreamEvent.Start s) {
                id = s.id();
                model = s.model();
                usage = s.usage() == null ? usage : s.usage();
            } else if (e instanceof StreamEvent.ReasoningDelta d) {
                thinking.append(d.text());
                open = true;
            } else if (e instanceof StreamEvent.ReasoningSignature s) {
                signed = s;
                open = true;
            } else if (e instanceof StreamEvent.BlockStop b && b.toolIndex() == StreamEvent.BlockStop.REASONING) {
                if (open) {
                    reasoning.add(signed == null ? ContentPart.Reasoning.text(thinking.toString())
                            : new ContentPart.Reasoning(thinking.toString(), signed.signature(), signed.redacted(),
                                    signed.origin(), null));
                }
                thinking.setLength(0);
                signed = null;
                open = false;
            } else if (e instanceof StreamEvent.TextDelta t) {
                text.append(t.text());
            } else if (e instanceof StreamEvent.ToolCallStart t) {
                calls.put(t.index(), new String[] {t.id(), t.name()});
                args.putIfAbsent(t.index(), new StringBuilder());
            } else if (e instanceof StreamEvent.ToolArgumentsDelta a) {
                args.computeIfAbsent(a.index(), i -> new StringBuilder()).append(a.fragment());
            } else if (e instanceof StreamEvent.Finish f) {
                finish = f.reason();
            } else if (e instanceof StreamEvent.UsageReport u) {
                usage = u.usage();
            } else if (e instanceof StreamEvent.Error err) {
                throw new AssertionError("stream ended with an error: " + err.error());
            }
        }
        List<ContentPart> content = new ArrayList<>(reasoning);
        if (!text.isEmpty()) {
            content.add(new ContentPart.Text(text.toString()));
        }
        for (Map.Entry<Integer, String[]> c : calls.entrySet()) {
            content.add(new ContentPart.ToolCall(c.getValue()[0], c.getValue()[1], args.get(c.getKey()).toString()));
        }
        return new ChatResponse(id, model, content, finish, usage);
    }
}
