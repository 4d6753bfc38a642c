package io.llmrouter.service.packaged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the text a client would assemble from each protocol's answer, streamed or not. */
final class Transcripts {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Transcripts() {
    }

    /** One server-sent event: its {@code event:} name (null when absent) and its JSON {@code data:}. */
    record Event(String name, JsonNode data) {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** The events of an SSE body, skipping a final {@code data: [DONE]}; fails on a data line that is not JSON. */
    static List<Event> sse(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
            if (data.length() > 0 && !"[DONE]".contentEquals(data)) {
                events.add(new Event(name, json(data.toString())));
            }
        }
        return events;
    }

    /** The JSON objects of a newline-delimited JSON body. */
    static List<JsonNode> ndjson(String body) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(json(line));
            }
        }
        return lines;
    }

    /** The text of a Gemini candidate's parts. */
    static String geminiText(JsonNode chunk) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : chunk.path("candidates").path(0).path("content").path("parts")) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }
}
