package io.llmrouter.core.convert.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.Splits;
import io.llmrouter.core.wire.InboundContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiStreamTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.GEMINI);

    private List<StreamEvent> decode(String fixture) {
        return Splits.assertSplitInvariant(codec::streamDecoder, Fixtures.bytes(fixture));
    }

    private static String text(List<StreamEvent> events) {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(StreamEvent.TextDelta.class::isInstance)
                .forEach(e -> sb.append(((StreamEvent.TextDelta) e).text()));
        return sb.toString();
    }

    private static <T> List<T> of(List<StreamEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static StreamEvent last(List<StreamEvent> events) {
        return events.get(events.size() - 1);
    }

    @Test
    void everyGeminiTranscriptIsSplitInvariant() {
        for (String f : Fixtures.list("gemini")) {
            if (f.endsWith(".sse") || f.endsWith(".txt")) {
                assertTrue(decode(f).get(0) instanceof StreamEvent.Start, f);
            }
        }
    }

    @Test
    void textStream() {
        List<StreamEvent> ev = decode("gemini/stream_text.sse");
        StreamEvent.Start start = (StreamEvent.Start) ev.get(0);
        assertEquals("gemini-2.0-flash", start.model());
        assertEquals(new TokenCounts(7, 0), start.usage());
        assertEquals("The capital of Wyoming is **Cheyenne**.\n", text(ev));
        assertEquals(new StreamEvent.Finish(FinishReason.STOP), last(ev));
        List<StreamEvent.UsageReport> usage = of(ev, StreamEvent.UsageReport.class);
        assertEquals(new TokenCounts(7, 10), usage.get(usage.size() - 1).usage());
        assertEquals(2, usage.size()); // only emitted when the counts change
        assertEquals(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT), ev.get(ev.size() - 2));
    }

    @Test
    void thinkingThenFunctionCall() {
        List<StreamEvent> ev = decode("gemini/stream_function_call_thinking.sse");
        StreamEvent.Start start = (StreamEvent.Start) ev.get(0);
        assertEquals("48SHaPHpHKbG-8YPtZCawAk", start.id());
        assertEquals("", text(ev)); // thought parts are reasoning, not content
        StreamEvent.ToolCallStart call = of(ev, StreamEvent.ToolCallStart.class).get(0);
        assertEquals(0, call.index());
        assertEquals("now", call.name());
        assertTrue(call.id().startsWith("call_"));
        assertEquals(List.of(new StreamEvent.ToolArgumentsDelta(0, "{}")), of(ev, StreamEvent.ToolArgumentsDelta.class));
        assertEquals(List.of(new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING), new StreamEvent.BlockStop(0)),
                of(ev, StreamEvent.BlockStop.class), "the thoughts close before the call");
        assertEquals(new StreamEvent.Finish(FinishReason.TOOL_CALLS), last(ev));
        List<StreamEvent.UsageReport> usage = of(ev, StreamEvent.UsageReport.class);
        assertEquals(new TokenCounts(38, 174, 0, 168), usage.get(usage.size() - 1).usage());
        // Same id as the non-stream decoder gives the same call in the same response.
        assertEquals(call.id(), io.llmrouter.core.convert.ToolCallIds.synthesize("48SHaPHpHKbG-8YPtZCawAk", 0,
                "now", "{}"));
    }

    @Test
    void promptBlocked() {
        List<StreamEvent> ev = decode("gemini/stream_prompt_blocked.sse");
        assertEquals(2, ev.size());
        assertEquals(new StreamEvent.Finish(FinishReason.CONTENT_FILTER), ev.get(1));
    }

    @Test
    void contentWithoutPartsAndInlineImage() {
        List<StreamEvent> ev = decode("gemini/stream_content_without_parts.sse");
        assertEquals("Here's a cute cartoon kitten playing with a ball of yarn for you! ", text(ev));
        assertEquals(new StreamEvent.Finish(FinishReason.STOP), last(ev));
        List<StreamEvent.UsageReport> usage = of(ev, StreamEvent.UsageReport.class);
        assertEquals(new TokenCounts(16, 1307), usage.get(usage.size() - 1).usage());
    }

    @Test
    void functionCallMockWithoutRole() {
        List<StreamEvent> ev = decode("gemini/stream_function_call_mock.sse");
        StreamEvent.ToolCallStart call = of(ev, StreamEvent.ToolCallStart.class).get(0);
        assertEquals("getTemperature", call.name());
        assertEquals("{\"city\":\"San Jose\"}", of(ev, StreamEvent.ToolArgumentsDelta.class).get(0).fragment());
        assertEquals(new StreamEvent.Finish(FinishReason.TOOL_CALLS), last(ev));
    }

    @Test
    void bareMultiLineErrorMidStream() {
        List<StreamEvent> ev = decode("gemini/stream_error_mid_stream_mock.txt");
        assertEquals("First Second ", text(ev));
        StreamEvent.Error error = assertInstanceOf(StreamEvent.Error.class, last(ev));
        // The upstream's text stays out of the client's stream (UpstreamErrors): its rpc status says what happened.
        assertEquals("the upstream reported an error mid-stream (CANCELLED)", error.error().message());
        assertEquals(499, error.error().status());
        assertTrue(of(ev, StreamEvent.Finish.class).isEmpty()); // no finish after the error, despite STOP chunks
    }

    @Test
    void legacyFinishOnEveryChunkDoesNotEndEarly() {
        List<StreamEvent> ev = decode("gemini/stream_text_legacy_cookbook.sse");
        assertEquals(1, of(ev, StreamEvent.Finish.class).size());
        assertEquals(new StreamEvent.Finish(FinishReason.STOP), last(ev));
        assertTrue(text(ev).startsWith("In the quaint, sunlit cottage"));
        assertTrue(text(ev).endsWith(" other and for adventure stronger than ever."));
        assertTrue(of(ev, StreamEvent.UsageReport.class).isEmpty());
    }

    @Test
    void dataPrefixedErrorAndSingleLineBareError() {
        String s = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\r\n\r\n"
                + "data: {\"error\":{\"code\":503,\"message\":\"overloaded\",\"status\":\"UNAVAILABLE\"}}\r\n\r\n";
        List<StreamEvent> ev = Splits.assertSplitInvariant(codec::streamDecoder, s.getBytes(StandardCharsets.UTF_8));
        assertEquals(ErrorKind.UNAVAILABLE, ((StreamEvent.Error) last(ev)).error().kind());
        String bare = "{\"error\":{\"code\":429,\"message\":\"{braces} in \\\"strings\\\"\",\"status\":\"RESOURCE_EXHAUSTED\"}}\n";
        List<StreamEvent> ev2 = Splits.assertSplitInvariant(codec::streamDecoder, bare.getBytes(StandardCharsets.UTF_8));
        StreamEvent.Error err = (StreamEvent.Error) last(ev2);
        assertEquals(ErrorKind.RATE_LIMITED, err.error().kind());
        assertEquals("the upstream reported an error mid-stream (RESOURCE_EXHAUSTED)", err.error().message());
    }

    // ---- encoder ---------------------------------------------------------------------------------------------

    private static List<String> encode(boolean sse, List<StreamEvent> events) {
        StreamEncoder enc = Codecs.defaults().of(Protocol.GEMINI).streamEncoder(null, InboundContext.gemini("m", true, sse));
        List<String> frames = new ArrayList<>();
        events.forEach(e -> enc.encode(e, b -> frames.add(new String(b, StandardCharsets.UTF_8))));
        enc.end(b -> frames.add(new String(b, StandardCharsets.UTF_8)));
        return frames;
    }

    private static byte[] join(List<String> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(f -> out.writeBytes(f.getBytes(StandardCharsets.UTF_8)));
        return out.toByteArray();
    }

    private static final List<StreamEvent> TOOL_STORY = List.of(
            new StreamEvent.Start("r1", "gemini-x", null),
            new StreamEvent.TextDelta("Let me "),
            new StreamEvent.TextDelta("check."),
            new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT),
            new StreamEvent.ToolCallStart(0, "c0", "get_weather"),
            new StreamEvent.ToolArgumentsDelta(0, "{\"ci"),
            new StreamEvent.ToolArgumentsDelta(0, "ty\":\"Paris\"}"),
            new StreamEvent.BlockStop(0),
            new StreamEvent.ToolCallStart(1, "c1", "get_time"),
            new StreamEvent.ToolArgumentsDelta(1, "{}"),
            new StreamEvent.Finish(FinishReason.TOOL_CALLS),
            new StreamEvent.UsageReport(new TokenCounts(10, 7, 0, 2), true));

    @Test
    void sseFramingAndOrder() {
        List<String> frames = encode(true, TOOL_STORY);
        assertEquals(5, frames.size()); // two text chunks, two calls, one finishing chunk; no terminator
        for (String f : frames) {
            assertTrue(f.startsWith("data: {") && f.endsWith("}\r\n\r\n"), f);
        }
        JsonNode first = Json.tryParse(frames.get(0).substring(6).strip());
        assertEquals("Let me ", first.at("/candidates/0/content/parts/0/text").asText());
        assertEquals("gemini-x", first.get("modelVersion").asText());
        assertEquals("r1", first.get("responseId").asText());
        JsonNode call = Json.tryParse(frames.get(2).substring(6).strip());
        assertEquals("Paris", call.at("/candidates/0/content/parts/0/functionCall/args/city").asText());
        assertEquals("c0", call.at("/candidates/0/content/parts/0/functionCall/id").asText());
        JsonNode flushed = Json.tryParse(frames.get(3).substring(6).strip());
        assertEquals("get_time", flushed.at("/candidates/0/content/parts/0/functionCall/name").asText());
        JsonNode fin = Json.tryParse(frames.get(4).substring(6).strip());
        assertEquals("STOP", fin.at("/candidates/0/finishReason").asText());
        assertEquals(5, fin.at("/usageMetadata/candidatesTokenCount").asInt());
        assertEquals(2, fin.at("/usageMetadata/thoughtsTokenCount").asInt());
    }

    @Test
    void encoderOutputDecodesBackToTheSameAnswer() {
        {
            byte[] bytes = join(encode(true, TOOL_STORY));
            List<StreamEvent> ev = Splits.assertSplitInvariant(codec::streamDecoder, bytes);
            assertEquals(new StreamEvent.Start("r1", "gemini-x", null), ev.get(0));
            assertEquals("Let me check.", text(ev));
            List<StreamEvent.ToolCallStart> calls = of(ev, StreamEvent.ToolCallStart.class);
            assertEquals(List.of(new StreamEvent.ToolCallStart(0, "c0", "get_weather"),
                    new StreamEvent.ToolCallStart(1, "c1", "get_time")), calls);
            assertEquals(List.of(new StreamEvent.ToolArgumentsDelta(0, "{\"city\":\"Paris\"}"),
                    new StreamEvent.ToolArgumentsDelta(1, "{}")), of(ev, StreamEvent.ToolArgumentsDelta.class));
            assertEquals(new StreamEvent.Finish(FinishReason.TOOL_CALLS), last(ev));
            List<StreamEvent.UsageReport> usage = of(ev, StreamEvent.UsageReport.class);
            assertEquals(new TokenCounts(10, 7, 0, 2), usage.get(usage.size() - 1).usage());
        }
    }

    @Test
    void jsonArrayFramingIsOneValidArray() {
        List<String> frames = encode(false, TOOL_STORY);
        assertTrue(frames.get(0).startsWith("[{"));
        assertTrue(frames.get(1).startsWith(",\r\n{"));
        assertTrue(frames.get(frames.size() - 1).endsWith("]"));
        JsonNode array = Json.tryParse(new String(join(frames), StandardCharsets.UTF_8));
        assertTrue(array.isArray());
        assertEquals(5, array.size());
        assertEquals("STOP", array.get(4).at("/candidates/0/finishReason").asText());
        assertEquals("application/json",
                codec.streamEncoder(null, InboundContext.gemini("m", true, false)).contentType());
        assertEquals("text/event-stream",
                codec.streamEncoder(null, InboundContext.gemini("m", true, true)).contentType());
    }

    @Test
    void emptyStreamStillEndsWithAFinishingChunk() {
        JsonNode array = Json.tryParse(new String(join(encode(false, List.of())), StandardCharsets.UTF_8));
        assertEquals(1, array.size());
        assertEquals("STOP", array.get(0).at("/candidates/0/finishReason").asText());
    }

    @Test
    void robustToForeignEventOrders() {
        // No Start, text after a call, call without BlockStop, no Finish, usage only at the very end.
        List<StreamEvent> events = List.of(
                new StreamEvent.TextDelta("a"),
                new StreamEvent.ToolCallStart(0, "x", "f"),
                new StreamEvent.ToolArgumentsDelta(0, "{\"k\":"),
                new StreamEvent.ToolArgumentsDelta(0, "1}"),
                new StreamEvent.UsageReport(new TokenCounts(1, 2), true));
        List<StreamEvent> ev = Splits.whole(codec::streamDecoder, join(encode(true, events)));
        assertEquals("a", text(ev));
        assertEquals("{\"k\":1}", of(ev, StreamEvent.ToolArgumentsDelta.class).get(0).fragment());
        assertEquals(new StreamEvent.Finish(FinishReason.TOOL_CALLS), last(ev));
        // Usage after the finishing chunk: a usage-only chunk follows.
        List<String> late = encode(true, List.of(new StreamEvent.TextDelta("b"),
                new StreamEvent.Finish(FinishReason.LENGTH),
                new StreamEvent.UsageReport(new TokenCounts(1, 1), true),
                new StreamEvent.UsageReport(new TokenCounts(1, 3), true)));
        assertEquals(3, late.size());
        assertTrue(late.get(1).contains("MAX_TOKENS"));
        assertTrue(late.get(2).contains("\"candidatesTokenCount\":3"));
        // Argument fragments arriving before their ToolCallStart are still attached.
        List<StreamEvent> back = Splits.whole(codec::streamDecoder, join(encode(true, List.of(
                new StreamEvent.ToolArgumentsDelta(0, "{}"), new StreamEvent.ToolCallStart(0, "id", "g"),
                new StreamEvent.BlockStop(0)))));
        assertEquals(new StreamEvent.ToolCallStart(0, "id", "g"), of(back, StreamEvent.ToolCallStart.class).get(0));
    }

    @Test
    void errorEventEndsTheStream() {
        List<String> sse = encode(true, List.of(new StreamEvent.TextDelta("a"),
                new StreamEvent.Error(ApiError.of(ErrorKind.UNAVAILABLE, "overloaded")),
                new StreamEvent.TextDelta("ignored")));
        assertEquals(2, sse.size());
        JsonNode err = Json.tryParse(sse.get(1).substring(6).strip());
        assertEquals(503, err.at("/error/code").asInt());
        assertEquals("UNAVAILABLE", err.at("/error/status").asText());
        List<StreamEvent> back = Splits.whole(codec::streamDecoder, join(sse));
        assertEquals(ErrorKind.UNAVAILABLE, ((StreamEvent.Error) last(back)).error().kind());
        List<String> array = encode(false, List.of(new StreamEvent.Error(ApiError.of(ErrorKind.TIMEOUT, "slow"))));
        JsonNode parsed = Json.tryParse(new String(join(array), StandardCharsets.UTF_8));
        assertEquals("DEADLINE_EXCEEDED", parsed.at("/0/error/status").asText());
        assertEquals(1, parsed.size());
    }
}
