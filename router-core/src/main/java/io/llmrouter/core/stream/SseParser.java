package io.llmrouter.core.stream;

import io.llmrouter.core.failure.UpstreamFault;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Incremental server-sent-events parser (WHATWG rules: {@code field: value}, one optional space after the colon,
 * comment lines starting with ':' ignored, blank line dispatches). Lines that are neither fields nor comments
 * (Gemini's raw JSON error objects after a 200) go to {@code otherLine} when a handler is given. Bounded by
 * {@link FrameLimits}: a line over the line limit, or an event whose data lines together pass the event limit, fails
 * with an {@link UpstreamFault} before it is held, so an event that never ends cannot fill the memory. The data lines
 * of an event are kept as they came and joined once, at its end: a growing builder could double past the limit. Not
 * thread-safe.
 */
public final class SseParser {

    private final LineSplitter lines;
    private final int maxEventBytes;
    private final Consumer<SseEvent> onEvent;
    private final Consumer<String> otherLine;
    private final Consumer<String> lineHandler = this::onLine;
    private String event;
    /** The event's first data line, or null; most events have one. */
    private String data;
    /** Its further data lines, or null. */
    private List<String> moreData;
    private long eventBytes;

    /** A parser with {@link FrameLimits#DEFAULTS} dispatching events to {@code onEvent}. */
    public SseParser(Consumer<SseEvent> onEvent) {
        this(FrameLimits.DEFAULTS, onEvent, null);
    }

    /** A parser with {@link FrameLimits#DEFAULTS} that also hands non-SSE lines to {@code otherLine}. */
    public SseParser(Consumer<SseEvent> onEvent, Consumer<String> otherLine) {
        this(FrameLimits.DEFAULTS, onEvent, otherLine);
    }

    /** A parser bounded by {@code limits}; {@code otherLine} may be null. */
    public SseParser(FrameLimits limits, Consumer<SseEvent> onEvent, Consumer<String> otherLine) {
        this.lines = new LineSplitter(limits.maxLineBytes());
        this.maxEventBytes = limits.maxEventBytes();
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

    /** The length in bytes of the line most recently parsed (for callers that hold {@code otherLine}s). */
    public int lineBytes() {
        return lines.lineBytes();
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
            case "data" -> data(value);
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

    private void data(String value) {
        eventBytes += lines.lineBytes() + 1;
        if (eventBytes > maxEventBytes) {
            reset();
            throw new UpstreamFault(UpstreamFault.Kind.EVENT_TOO_LARGE,
                    "event larger than " + maxEventBytes + " bytes (router.upstream.max-event-size)");
        }
        if (data == null) {
            data = value;
        } else {
            if (moreData == null) {
                moreData = new ArrayList<>(4);
            }
            moreData.add(value);
        }
    }

    private void dispatch() {
        if (data != null) {
            String joined = data;
            if (moreData != null) {
                moreData.add(0, data);
                joined = String.join("\n", moreData);
            }
            String name = event;
            reset();
            onEvent.accept(new SseEvent(name, joined));
        }
        reset();
    }

    private void reset() {
        data = null;
        moreData = null;
        event = null;
        eventBytes = 0;
    }
}
