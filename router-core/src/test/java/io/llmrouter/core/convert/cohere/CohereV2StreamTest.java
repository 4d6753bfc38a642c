package io.llmrouter.core.convert.cohere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.FaultedDecode;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.Splits;
import io.llmrouter.core.wire.InboundContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohereV2StreamTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.COHERE_V2);

    @Test
    void textTranscript() {
        List<StreamEvent> events = Splits.assertSplitInvariant(codec::streamDecoder,
                Fixtures.bytes("cohere/v2/stream_text.sse"));
        assertEquals(new StreamEvent.Start("3ec845ed-ebb1-4223-9648-4e5632d5c6b5", null, null), events.get(0));
        assertEquals(new StreamEvent.TextDelta("Hi"), events.get(1));
        StreamCollector c = StreamCollector.of(events);
        assertTrue(c.text.toString().startsWith("Hi there! You're Pickle Rick? That's a fun nickname!"));
        assertTrue(c.text.toString().endsWith("episode recommendations?"));
        assertEquals(List.of(StreamEvent.BlockStop.TEXT), c.stops);
        assertEquals(FinishReason.STOP, c.finish);
        assertEquals(new TokenCounts(4, 69), c.usage);
        assertInstanceOf(StreamEvent.Finish.class, events.get(events.size() - 1));
    }

    @Test
    void toolCallTranscript() throws IOException {
        List<StreamEvent> events = Splits.assertSplitInvariant(codec::streamDecoder,
                Fixtures.bytes("cohere/v2/stream_tool_calls.sse"));
        StreamCollector c = StreamCollector.of(events);
        assertTrue(c.text.toString().startsWith("I will use the Person tool"), "tool plan streamed as text");
        String[] call = c.calls.get(0);
        assertEquals("Person_2fnrphbsnr66", call[0]);
        assertEquals("Person", call[1]);
        assertEquals(Json.MAPPER.readTree("{\"name\":\"Erick\",\"age\":27}"), Json.MAPPER.readTree(call[2]));
        assertEquals(List.of(StreamEvent.BlockStop.TEXT, 0), c.stops, "plan closed before the call starts");
        assertEquals(FinishReason.TOOL_CALLS, c.finish);
        assertEquals(new TokenCounts(23, 41), c.usage);
    }

    @Test
    void messageEndErrorBecomesErrorEvent() {
        String sse = "event: message-start\ndata: {\"id\":\"x\",\"type\":\"message-start\",\"delta\":{}}\n\n"
                + "event: debug\ndata: {\"type\":\"debug\"}\n\n"
                + "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"error\":\"internal failure\",\"finish_reason\":\"ERROR\"}}\n\n"
                + "data: [DONE]\n\n";
        List<StreamEvent> events = Splits.assertSplitInvariant(codec::streamDecoder, sse.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, events.size());
        StreamEvent.Error e = assertInstanceOf(StreamEvent.Error.class, events.get(1));
        assertEquals("the upstream reported an error mid-stream", e.error().message());
    }

    @Test
    void thinkingBlocksAreReasoningCitationsNamedAndUnknownEventsIgnored() {
        String sse = "event: message-start\ndata: {\"id\":\"m1\",\"type\":\"message-start\"}\n\n"
                + "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"thinking\",\"thinking\":\"\"}}}}\n\n"
                + "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"thinking\":\"hmm\"}}}}\n\n"
                + "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n"
                + ": keep-alive\n\n"
                + "event: content-start\ndata: {\"type\":\"content-start\",\"index\":1,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"A\"}}}}\n\n"
                + "event: citation-start\ndata: {\"type\":\"citation-start\",\"index\":0,\"delta\":{}}\n\n"
                + "event: future-event\ndata: {\"type\":\"future-event\"}\n\n"
                + "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":1,\"delta\":{\"message\":{\"content\":{\"text\":\"B\"}}}}\n\n"
                + "event: content-end\ndata: {\"type\":\"content-end\",\"index\":1}\n\n"
                + "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"MAX_TOKENS\"}}\n\n"
                + "data: [DONE]\n\n";
        List<StreamEvent> events = Splits.assertSplitInvariant(codec::streamDecoder, sse.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new StreamEvent.Start("m1", null, null), new StreamEvent.ReasoningDelta("hmm"),
                new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING), new StreamEvent.TextDelta("A"),
                new StreamEvent.Omitted("citations"),
                new StreamEvent.TextDelta("B"), new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT),
                new StreamEvent.Finish(FinishReason.LENGTH)), events);
    }

    @Test
    void truncatedStreamFailsAfterItsEvents() {
        String sse = "event: content-delta\r\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Hé\"}}}}\r\n\r\n";
        FaultedDecode d = FaultedDecode.of(codec.streamDecoder(), sse.getBytes(StandardCharsets.UTF_8));
        assertEquals(UpstreamFault.Kind.TRUNCATED, d.kind());
        assertEquals("Cohere v2 stream ended without message-end", d.fault().getMessage());
        assertInstanceOf(StreamEvent.Start.class, d.events().get(0));
        assertEquals(new StreamEvent.TextDelta("Hé"), d.events().get(1));
        assertNull(StreamCollector.of(d.events()).finish);
    }

    @Test
    void encoderFramesAndRoundTrip() throws IOException {
        List<StreamEvent> source = List.of(new StreamEvent.Start("id-1", "m", null), new StreamEvent.TextDelta("Let me "),
                new StreamEvent.TextDelta("check."),
                new StreamEvent.ToolCallStart(0, "c0", "get_weather"), new StreamEvent.ToolArgumentsDelta(0, "{\"city\""),
                new StreamEvent.ToolArgumentsDelta(0, ":\"Paris\"}"), new StreamEvent.BlockStop(0),
                new StreamEvent.ToolCallStart(1, "c1", "get_time"), new StreamEvent.ToolArgumentsDelta(1, "{}"),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(new TokenCounts(10, 20, 4, 0), true));
        StreamEncoder encoder = codec.streamEncoder(null, InboundContext.BODY_ONLY);
        assertEquals("text/event-stream", encoder.contentType());
        byte[] bytes = StreamCollector.encode(encoder, source);
        String text = StreamCollector.text(bytes);
        List<String> names = new ArrayList<>();
        for (String frame : text.split("\n\n")) {
            String[] lines = frame.split("\n");
            if (lines[0].equals("data: [DONE]")) {
                names.add("[DONE]");
                continue;
            }
            String name = lines[0].substring("event: ".length());
            JsonNode data = Json.MAPPER.readTree(lines[1].substring("data: ".length()));
            assertEquals(name, data.get("type").asText());
            names.add(name);
        }
        assertEquals(List.of("message-start", "content-start", "content-delta", "content-delta", "content-end",
                "tool-call-start", "tool-call-delta", "tool-call-delta", "tool-call-end", "tool-call-start",
                "tool-call-delta", "tool-call-end", "message-end", "[DONE]"), names);
        assertTrue(text.endsWith("data: [DONE]\n\n"));
        assertTrue(text.contains("\"tool_calls\":{\"id\":\"c0\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"\"}}"), "tool_calls is an object in deltas");
        assertTrue(text.contains("{\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"TOOL_CALL\",\"usage\":{"
                + "\"billed_units\":{\"input_tokens\":10,\"output_tokens\":20},\"tokens\":{\"input_tokens\":10,"
                + "\"output_tokens\":20},\"cached_tokens\":4}}}"));

        StreamCollector back = StreamCollector.of(Splits.assertSplitInvariant(codec::streamDecoder, bytes));
        assertEquals("Let me check.", back.text.toString());
        assertEquals("c0", back.calls.get(0)[0]);
        assertEquals("{\"city\":\"Paris\"}", back.calls.get(0)[2]);
        assertEquals("get_time", back.calls.get(1)[1]);
        assertEquals(List.of(StreamEvent.BlockStop.TEXT, 0, 1), back.stops);
        assertEquals(FinishReason.TOOL_CALLS, back.finish);
        assertEquals(new TokenCounts(10, 20, 4, 0), back.usage);
    }

    @Test
    void reencodedFixturesDecodeTheSame() {
        for (String f : List.of("cohere/v2/stream_text.sse", "cohere/v2/stream_tool_calls.sse")) {
            List<StreamEvent> events = Splits.whole(codec::streamDecoder, Fixtures.bytes(f));
            byte[] bytes = StreamCollector.encode(codec.streamEncoder(null, InboundContext.BODY_ONLY), events);
            assertEquals(events, StreamCollector.decode(codec.streamDecoder(), bytes).stream()
                    .map(e -> e instanceof StreamEvent.Start s ? events.get(0) : e).toList(), f);
        }
    }

    @Test
    void encoderSurvivesOddOrders() {
        // text after tools, no Start, no BlockStop, usage before Finish, no Finish: all closed, TOOL_CALL at end()
        byte[] bytes = StreamCollector.encode(codec.streamEncoder(null, InboundContext.BODY_ONLY),
                List.of(new StreamEvent.ToolCallStart(0, "c", "f"), new StreamEvent.ToolArgumentsDelta(0, "{}"),
                        new StreamEvent.ToolArgumentsDelta(5, "orphan"), new StreamEvent.TextDelta("after"),
                        new StreamEvent.UsageReport(new TokenCounts(1, 2), false)));
        String text = StreamCollector.text(bytes);
        assertTrue(text.startsWith("event: message-start\n"));
        assertTrue(text.indexOf("tool-call-end") < text.indexOf("content-start"));
        assertTrue(text.contains("\"finish_reason\":\"TOOL_CALL\""));
        assertTrue(text.endsWith("data: [DONE]\n\n"));
        StreamCollector back = StreamCollector.of(StreamCollector.decode(codec.streamDecoder(), bytes));
        assertEquals("after", back.text.toString());
        assertEquals("{}", back.calls.get(0)[2]);
        assertEquals(new TokenCounts(1, 2), back.usage);

        // usage after Finish writes message-end at once; end() adds only [DONE]
        List<byte[]> frames = new ArrayList<>();
        StreamEncoder e = codec.streamEncoder(null, InboundContext.BODY_ONLY);
        e.encode(new StreamEvent.TextDelta("hi"), frames::add);
        e.encode(new StreamEvent.Finish(FinishReason.STOP), frames::add);
        e.encode(new StreamEvent.UsageReport(new TokenCounts(3, 4), true), frames::add);
        assertTrue(StreamCollector.text(frames.get(frames.size() - 1)).startsWith("event: message-end\n"));
        e.encode(new StreamEvent.UsageReport(new TokenCounts(9, 9), true), frames::add);
        e.end(frames::add);
        e.end(frames::add);
        assertEquals("data: [DONE]\n\n", StreamCollector.text(frames.get(frames.size() - 1)));
        assertTrue(StreamCollector.text(frames.get(frames.size() - 2)).contains("\"input_tokens\":3"));
    }

    @Test
    void errorWritesMessageEndWithErrorThenDone() {
        List<byte[]> frames = new ArrayList<>();
        StreamEncoder e = codec.streamEncoder(null, InboundContext.BODY_ONLY);
        e.encode(new StreamEvent.Start("s", "m", null), frames::add);
        e.encode(new StreamEvent.TextDelta("par"), frames::add);
        e.encode(new StreamEvent.Error(ApiError.of(ErrorKind.UNAVAILABLE, "overloaded")), frames::add);
        e.encode(new StreamEvent.TextDelta("ignored"), frames::add);
        e.end(frames::add);
        String all = StreamCollector.text(StreamCollector.encode(codec.streamEncoder(null, InboundContext.BODY_ONLY),
                List.of(new StreamEvent.Error(ApiError.of(ErrorKind.UNAVAILABLE, "overloaded")))));
        assertTrue(all.contains("\"error\":\"overloaded\""));
        List<StreamEvent> decoded = StreamCollector.decode(codec.streamDecoder(), all.getBytes(StandardCharsets.UTF_8));
        assertEquals("the upstream reported an error mid-stream",
                assertInstanceOf(StreamEvent.Error.class, decoded.get(decoded.size() - 1)).error().message());
        String last = StreamCollector.text(frames.get(frames.size() - 2));
        assertTrue(last.contains("\"error\":\"overloaded\"") && last.contains("\"finish_reason\":\"ERROR\""));
        assertEquals("data: [DONE]\n\n", StreamCollector.text(frames.get(frames.size() - 1)));
        assertTrue(frames.stream().noneMatch(f -> StreamCollector.text(f).contains("ignored")));
    }
}
