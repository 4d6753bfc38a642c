package io.llmrouter.core.convert.cohere;

import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.StreamEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: folds stream events into text, calls, finish and usage; runs encoders. */
final class StreamCollector {

    final StringBuilder text = new StringBuilder();
    final Map<Integer, String[]> calls = new LinkedHashMap<>();
    final List<Integer> stops = new ArrayList<>();
    FinishReason finish;
    TokenCounts usage;
    StreamEvent.Error error;
    int starts;

    static StreamCollector of(List<StreamEvent> events) {
        StreamCollector c = new StreamCollector();
        for (StreamEvent e : events) {
            if (e instanceof StreamEvent.Start) {
                c.starts++;
            } else if (e instanceof StreamEvent.TextDelta t) {
                c.text.append(t.text());
            } else if (e instanceof StreamEvent.ToolCallStart s) {
                c.calls.put(s.index(), new String[] {s.id(), s.name(), ""});
            } else if (e instanceof StreamEvent.ToolArgumentsDelta d) {
                c.calls.get(d.index())[2] += d.fragment();
            } else if (e instanceof StreamEvent.BlockStop b) {
                c.stops.add(b.toolIndex());
            } else if (e instanceof StreamEvent.Finish f) {
                c.finish = f.reason();
            } else if (e instanceof StreamEvent.UsageReport u) {
                c.usage = u.usage();
            } else if (e instanceof StreamEvent.Error err) {
                c.error = err;
            }
        }
        return c;
    }

    /** Encodes the events, then end(); returns the bytes. */
    static byte[] encode(StreamEncoder encoder, List<StreamEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StreamEvent e : events) {
            encoder.encode(e, out::writeBytes);
        }
        encoder.end(out::writeBytes);
        return out.toByteArray();
    }

    static List<StreamEvent> decode(StreamDecoder decoder, byte[] bytes) {
        List<StreamEvent> out = new ArrayList<>();
        decoder.feed(bytes, out::add);
        decoder.end(out::add);
        return out;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
