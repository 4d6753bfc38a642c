package io.llmrouter.service.simulator;

import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.stream.StreamEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a simulated answer into the events a real model would stream: reasoning and text word by word, arguments in
 * pieces.
 */
final class SimulatedStream {

    private SimulatedStream() {
    }

    static List<StreamEvent> events(ChatResponse r) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.Start(r.id(), r.model(), new io.llmrouter.api.chat.TokenCounts(
                r.usage().inputTokens(), 0)));
        int tool = 0;
        boolean text = false;
        for (ContentPart p : r.content()) {
            if (p instanceof ContentPart.Reasoning thinking) {
                for (String word : thinking.text().split("(?<= )")) {
                    events.add(new StreamEvent.ReasoningDelta(word));
                }
                events.add(new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING));
            } else if (p instanceof ContentPart.Text t) {
                text = true;
                for (String word : t.text().split("(?<= )")) {
                    events.add(new StreamEvent.TextDelta(word));
                }
            } else if (p instanceof ContentPart.ToolCall c) {
                if (text) {
                    events.add(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT));
                    text = false;
                }
                events.add(new StreamEvent.ToolCallStart(tool, c.id(), c.name()));
                String args = c.arguments();
                int half = args.length() / 2;
                events.add(new StreamEvent.ToolArgumentsDelta(tool, args.substring(0, half)));
                events.add(new StreamEvent.ToolArgumentsDelta(tool, args.substring(half)));
                events.add(new StreamEvent.BlockStop(tool));
                tool++;
            }
        }
        if (text) {
            events.add(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT));
        }
        events.add(new StreamEvent.Finish(r.finishReason()));
        events.add(new StreamEvent.UsageReport(r.usage(), true));
        return events;
    }
}
