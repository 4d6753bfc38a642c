package io.llmrouter.core.stream;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} name, or null when the frame had none
 * @param data  the {@code data:} lines joined with '\n'
 */
public record SseEvent(String event, String data) {
}
