package io.llmrouter.core.convert.gemini;

import static io.llmrouter.core.convert.gemini.GeminiFields.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Json;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.UpstreamErrors;
import io.llmrouter.core.stream.SseEvent;
import io.llmrouter.core.stream.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Decodes a {@code streamGenerateContent?alt=sse} stream (docs/protocols.md#streams): {@code data:} frames with CRLF,
 * each a complete GenerateContentResponse, no terminator. Text parts are appended fragments; a functionCall arrives
 * whole in one chunk. Old recordings put {@code finishReason} on every chunk, so the finish is only emitted at
 * {@link #end}. Errors after the 200 come as a bare, possibly multi-line JSON object: non-SSE lines are buffered
 * by brace balance, as python-genai does ({@code _api_client.py} {@code _iter_response_stream}).
 */
final class GeminiStreamDecoder implements StreamDecoder {

    private static final Logger LOG = Logger.getLogger(GeminiStreamDecoder.class);

    private final SseParser parser = new SseParser(this::onEvent, this::onOtherLine);
    private final StringBuilder raw = new StringBuilder();
    private int depth;
    private boolean inString;
    private boolean escaped;

    private Consumer<StreamEvent> out;
    private boolean started;
    private boolean textOpen;
    private boolean failed;
    private boolean blocked;
    private int calls;
    private String id;
    private String lastReason;
    private TokenCounts lastUsage;

    @Override
    public void feed(byte[] chunk, Consumer<StreamEvent> sink) {
        out = sink;
        parser.feed(chunk);
    }

    @Override
    public void end(Consumer<StreamEvent> sink) {
        out = sink;
        parser.end();
        if (hasContent(raw)) {
            parseRaw();
        }
        if (!started || failed) {
            return;
        }
        closeText();
        FinishReason reason = blocked && lastReason == null ? FinishReason.CONTENT_FILTER
                : GeminiFinishReasons.decode(lastReason, calls > 0);
        out.accept(new StreamEvent.Finish(reason));
        failed = true; // nothing more after the end
    }

    private void onEvent(SseEvent event) {
        String data = event.data().strip();
        if (data.isEmpty() || data.equals("[DONE]")) {
            return;
        }
        JsonNode node = Json.tryParse(data);
        if (node == null || !node.isObject()) {
            LOG.debug("ignoring a Gemini stream frame that is not a JSON object");
            return;
        }
        handle(node, data);
    }

    /** Buffers lines of a bare JSON object until its braces balance (strings are skipped when counting). */
    private void onOtherLine(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
        }
        raw.append(line).append('\n');
        if (depth <= 0) {
            if (hasContent(raw)) {
                parseRaw();
            } else {
                raw.setLength(0);
            }
            depth = 0;
        }
    }

    private void parseRaw() {
        // Tolerates the JSON-array stream form's '[' ',' ']' separators around an element.
        String text = raw.toString().strip();
        raw.setLength(0);
        depth = 0;
        inString = false;
        escaped = false;
        while (!text.isEmpty() && (text.charAt(0) == '[' || text.charAt(0) == ',')) {
            text = text.substring(1).strip();
        }
        while (!text.isEmpty() && (text.endsWith("]") || text.endsWith(","))) {
            text = text.substring(0, text.length() - 1).strip();
        }
        JsonNode node = Json.tryParse(text);
        if (node != null && node.isObject()) {
            handle(node, text);
        } else {
            LOG.debug("ignoring non-SSE text in a Gemini stream");
        }
    }

    private void handle(JsonNode node, String data) {
        if (failed) {
            return;
        }
        if (node.has("error")) {
            start(node, data);
            failed = true;
            out.accept(new StreamEvent.Error(
                    UpstreamErrors.inStream(new GeminiErrors().decode(0, data.getBytes(StandardCharsets.UTF_8)))));
            return;
        }
        start(node, data);
        JsonNode candidates = field(node, "candidates");
        JsonNode candidate = candidates != null && candidates.isArray() ? candidates.path(0) : candidates;
        if (candidate != null && candidate.isObject()) {
            JsonNode parts = field(field(candidate, "content"), "parts");
            if (parts != null) {
                for (JsonNode part : parts.isArray() ? parts : java.util.List.of(parts)) {
                    part(part);
                }
            }
            JsonNode reason = field(candidate, "finishReason");
            if (reason != null && reason.isTextual()) {
                lastReason = reason.asText();
            }
        }
        if (field(field(node, "promptFeedback"), "blockReason") != null) {
            blocked = true;
        }
        TokenCounts usage = GeminiUsage.decode(field(node, "usageMetadata"));
        if (usage != null && !usage.equals(lastUsage)) {
            lastUsage = usage;
            out.accept(new StreamEvent.UsageReport(usage, true));
        }
    }

    private void part(JsonNode part) {
        ContentPart p = GeminiResponseDecoder.part(part, id, calls);
        if (p instanceof ContentPart.Text t) {
            textOpen = true;
            out.accept(new StreamEvent.TextDelta(t.text()));
        } else if (p instanceof ContentPart.ToolCall call) {
            closeText();
            int index = calls++;
            out.accept(new StreamEvent.ToolCallStart(index, call.id(), call.name()));
            out.accept(new StreamEvent.ToolArgumentsDelta(index, call.arguments()));
            out.accept(new StreamEvent.BlockStop(index));
        }
    }

    private void start(JsonNode node, String data) {
        if (started) {
            return;
        }
        started = true;
        id = GeminiResponseDecoder.responseId(node, data.getBytes(StandardCharsets.UTF_8));
        JsonNode model = field(node, "modelVersion");
        TokenCounts usage = GeminiUsage.decode(field(node, "usageMetadata"));
        TokenCounts input = usage == null ? null
                : new TokenCounts(usage.inputTokens(), 0, usage.cachedInputTokens(), 0);
        out.accept(new StreamEvent.Start(id, model != null && model.isTextual() ? model.asText() : null, input));
    }

    private void closeText() {
        if (textOpen) {
            textOpen = false;
            out.accept(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT));
        }
    }

    private static boolean hasContent(StringBuilder sb) {
        for (int i = 0; i < sb.length(); i++) {
            if (!Character.isWhitespace(sb.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
