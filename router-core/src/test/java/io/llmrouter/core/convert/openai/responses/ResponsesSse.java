package io.llmrouter.core.convert.openai.responses;

import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the Responses stream tests do with typed SSE: encode events, list the event names of a stream. */
final class ResponsesSse {

    private static final Pattern EVENT = Pattern.compile("(?m)^event: (\\S+)\\r?$");

    private ResponsesSse() {
    }

    /** The stream {@code encoder} writes for {@code events}, its end included. */
    static String encode(List<StreamEvent> events, StreamEncoder encoder) {
        StringBuilder out = new StringBuilder();
        for (StreamEvent e : events) {
            encoder.encode(e, b -> out.append(new String(b, StandardCharsets.UTF_8)));
        }
        encoder.end(b -> out.append(new String(b, StandardCharsets.UTF_8)));
        return out.toString();
    }

    /** The {@code event:} names of a stream, in order. */
    static List<String> types(String sse) {
        Matcher m = EVENT.matcher(sse);
        List<String> types = new ArrayList<>();
        while (m.find()) {
            types.add(m.group(1));
        }
        return types;
    }
}
