package io.llmrouter.core.convert.gemini;

import static io.llmrouter.core.convert.gemini.GeminiNames.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.UpstreamErrors;
import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.stream.SseEvent;
import io.llmrouter.core.stream.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Decodes a {@code streamGenerateContent?alt=sse} stream (docs/protocols.md#streams): {@code data:} frames with CRLF,
 * each a complete GenerateContentResponse, no terminator. Text parts are appended fragments; a functionCall arrives
 * whole in one chunk. Old recordings put {@code finishReason} on every chunk, so the finish is only emitted at
 * {@link #end}. Errors after the 200 come as a bare, possibly multi-line JSON object: non-SSE lines are buffered
 * by brace balance, as python-genai does ({@code _api_client.py} {@code _iter_response_stream}), up to the event
 * limit. With no terminator, the end marker is a candidate's {@code finishReason} (or a blocked prompt's
 * {@code blockReason}): a stream ending without one fails with {@link UpstreamFault.Kind#TRUNCATED}, a frame that is
 * not a JSON object with {@link UpstreamFault.Kind#UNDECODABLE}.
 */
final class GeminiStreamDecoder implements StreamDecoder {

    private final SseParser parser;
    private final int maxEventBytes;
    /** Lines of a bare JSON object whose braces do not balance yet, joined once it is complete. */
    private final List<String> raw = new ArrayList<>();
    private long rawBytes;
    private int depth;
    private boolean inString;
    private boolean escaped;

    private Consumer<StreamEvent> out;
    private boolean started;
    private boolean textOpen;
    /** Whether thought text is streaming: a reasoning block is open. */
    private boolean reasoningOpen;
    private boolean failed;
    /** The kinds of parts left out so far ({@link StreamEvent.Omitted}). */
    private final Set<String> omitted = new TreeSet<>();
    private boolean blocked;
    private int calls;
    private String id;
    private String lastReason;
    private TokenCounts lastUsage;

    GeminiStreamDecoder(FrameLimits limits) {
        this.parser = new SseParser(limits, this::onEvent, this::onOtherLine);
        this.maxEventBytes = limits.maxEventBytes();
    }

    @Override
    public void feed(byte[] chunk, Consumer<StreamEvent> sink) {
        out = sink;
        parser.feed(chunk);
    }

    @Override
    public void end(Consumer<StreamEvent> sink) {
        out = sink;
        parser.end();
        if (hasContent()) {
            parseRaw();
        }
        if (failed) {
            return;
        }
        if (lastReason == null && !blocked) {
            throw new UpstreamFault(UpstreamFault.Kind.TRUNCATED, "Gemini stream ended without a finishReason");
        }
        closeText();
        closeReasoning();
        FinishReason reason = blocked && lastReason == null ? FinishReason.CONTENT_FILTER
                : GeminiFinishReasons.decode(lastReason, calls > 0);
        out.accept(new StreamEvent.Finish(reason));
        failed = true; // nothing more after the end
    }

    private void onEvent(SseEvent event) {
        String data = event.data().strip();
        if (failed || data.isEmpty() || data.equals("[DONE]")) {
            return;
        }
        JsonNode node = Json.tryParse(data);
        if (node == null || !node.isObject()) {
            throw undecodable(data.length());
        }
        handle(node, data);
    }

    /** Buffers lines of a bare JSON object until its braces balance (strings are skipped when counting). */
    private void onOtherLine(String line) {
        if (failed) {
            return;
        }
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
        rawBytes += parser.lineBytes() + 1;
        if (rawBytes > maxEventBytes) {
            throw new UpstreamFault(UpstreamFault.Kind.EVENT_TOO_LARGE, "bare JSON object in a Gemini stream larger "
                    + "than " + maxEventBytes + " bytes (router.upstream.max-event-size)");
        }
        raw.add(line);
        if (depth <= 0) {
            if (hasContent()) {
                parseRaw();
            } else {
                clearRaw();
            }
        }
    }

    private void parseRaw() {
        // Tolerates the JSON-array stream form's '[' ',' ']' separators around an element.
        String text = String.join("\n", raw).strip();
        clearRaw();
        while (!text.isEmpty() && (text.charAt(0) == '[' || text.charAt(0) == ',')) {
            text = text.substring(1).strip();
        }
        while (!text.isEmpty() && (text.endsWith("]") || text.endsWith(","))) {
            text = text.substring(0, text.length() - 1).strip();
        }
        if (text.isEmpty()) {
            return; // the array form's brackets and commas on lines of their own
        }
        JsonNode node = Json.tryParse(text);
        if (node == null || !node.isObject()) {
            throw undecodable(text.length());
        }
        handle(node, text);
    }

    private void clearRaw() {
        raw.clear();
        rawBytes = 0;
        depth = 0;
        inString = false;
        escaped = false;
    }

    private static UpstreamFault undecodable(int characters) {
        return new UpstreamFault(UpstreamFault.Kind.UNDECODABLE,
                "Gemini stream event is not a JSON object (" + characters + " characters)");
    }

    private void handle(JsonNode node, String data) {
        if (failed) {
            return;
        }
        if (node.has("error")) {
            start(node, data);
            failed = true;
            out.accept(new StreamEvent.Error(
                    UpstreamErrors.inStream(new GeminiErrors().decode(0, data.getBytes(StandardCharsets.UTF_8))
                            .error())));
            return;
        }
        start(node, data);
        JsonNode candidates = field(node, "candidates");
        JsonNode candidate = candidates != null && candidates.isArray() ? candidates.path(0) : candidates;
        if (candidate != null && candidate.isObject()) {
            JsonNode parts = field(field(candidate, "content"), "parts");
            if (parts != null) {
                for (JsonNode part : parts.isArray() ? parts : List.of(parts)) {
                    part(part);
                }
            }
            Set<String> names = new TreeSet<>();
            GeminiResponseDecoder.omittedOfCandidate(candidate, names);
            omitted(names);
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
        String signature = GeminiThinking.signature(part);
        if (GeminiThinking.isThought(part)) {
            JsonNode text = GeminiNames.field(part, "text");
            if (text != null && text.isTextual() && !text.asText().isEmpty()) {
                closeText();
                reasoningOpen = true;
                out.accept(new StreamEvent.ReasoningDelta(text.asText()));
            }
            if (signature != null) {
                signed(signature);
            }
            return;
        }
        if (signature != null) {
            // The signature closes the thoughts before this part (an empty reasoning block when none were asked).
            closeText();
            signed(signature);
        } else {
            closeReasoning();
        }
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
        } else if (p == null) {
            Set<String> names = new TreeSet<>();
            GeminiResponseDecoder.omittedPart(part, names);
            omitted(names);
        }
    }

    /** Says each kind of part left out once per stream. */
    private void omitted(Set<String> names) {
        for (String name : names) {
            if (omitted.add(name)) {
                out.accept(new StreamEvent.Omitted(name));
            }
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

    private void signed(String signature) {
        out.accept(new StreamEvent.ReasoningSignature(signature, false, Protocol.GEMINI));
        reasoningOpen = true;
        closeReasoning();
    }

    private void closeReasoning() {
        if (reasoningOpen) {
            reasoningOpen = false;
            out.accept(new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING));
        }
    }

    private void closeText() {
        if (textOpen) {
            textOpen = false;
            out.accept(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT));
        }
    }

    private boolean hasContent() {
        for (String line : raw) {
            if (!line.isBlank()) {
                return true;
            }
        }
        return false;
    }
}
