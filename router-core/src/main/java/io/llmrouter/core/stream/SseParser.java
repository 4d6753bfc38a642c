package io.llmrouter.core.stream;

import java.util.function.Consumer;

/**
 * Incremental server-sent-events parser (WHATWG rules: {@code field: value}, one optional space after the colon,
 * comment lines starting with ':' ignored, blank line dispatches). Lines that are neither fields nor comments
 * (Gemini's raw JSON error objects after a 200) go to {@code otherLine} when a handler is given. Not thread-safe.
 */
public final class SseParser {

    private final LineSplitter lines = new LineSplitter();
    private final Consumer<SseEvent> onEvent;
    private final Consumer<String> otherLine;
    private final Consumer<String> lineHandler = this::onLine;
    private String event;
    private StringBuilder data;

    /** A parser dispatching events to {@code onEvent}. */
    public SseParser(Consumer<SseEvent> onEvent) {
        this(onEvent, null);
    }

    /** A parser that also hands non-SSE lines to {@code otherLine}. */
    public SseParser(Consumer<SseEvent> onEvent, Consumer<String> otherLine) {
        this.onEvent = onEvent;
        this.otherLine = otherLine;
    }

    /** Feeds bytes. */
    public void feed(byte[] chunk) {
        lines.feed(chunk, lineHandler);
    }

    /** The stream ended: dispatches a last event that had no blank line after it. */
    public void end() {
        lines.end(lineHandler);
        dispatch();
    }

    private void onLine(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            return; // comment / keep-alive
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (!value.isEmpty() && value.charAt(0) == ' ') {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value.length() + 16);
                } else {
                    data.append('\n');
                }
                data.append(value);
            }
            case "event" -> event = value;
            case "id", "retry" -> {
                // not used by any LLM protocol
            }
            default -> {
                if (otherLine != null) {
                    otherLine.accept(line);
                }
            }
        }
    }

    private void dispatch() {
        if (data != null) {
            onEvent.accept(new SseEvent(event, data.toString()));
        }
        data = null;
        event = null;
    }
}
