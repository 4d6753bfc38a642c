package io.llmrouter.core.convert.anthropic;

import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Folds decoded stream events into text, tool calls, finish reason and last usage, for assertions. */
record StreamAssembly(String text, List<String[]> tools, FinishReason finish, TokenCounts usage, int finishCount) {

    static StreamAssembly of(List<StreamEvent> events) {
        StringBuilder text = new StringBuilder();
        Map<Integer, String[]> tools = new TreeMap<>();
        FinishReason finish = null;
        TokenCounts usage = null;
        int finishes = 0;
        for (StreamEvent e : events) {
            if (e instanceof StreamEvent.TextDelta t) {
                text.append(t.text());
            } else if (e instanceof StreamEvent.ToolCallStart s) {
                tools.put(s.index(), new String[] {s.id(), s.name(), ""});
            } else if (e instanceof StreamEvent.ToolArgumentsDelta d) {
                String[] t = tools.get(d.index());
                t[2] = t[2] + d.fragment();
            } else if (e instanceof StreamEvent.Finish f) {
                finish = f.reason();
                finishes++;
            } else if (e instanceof StreamEvent.UsageReport u) {
                usage = u.usage();
            }
        }
        return new StreamAssembly(text.toString(), new ArrayList<>(tools.values()), finish, usage, finishes);
    }
}
