package io.llmrouter.core.convert.cohere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class CohereV1StreamTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.COHERE);

    @Test
    void textTranscript() {
        List<StreamEvent> events = Splits.assertSplitInvariant(codec::streamDecoder,
                Fixtures.bytes("cohere/v1/stream_text.ndjson"));
        assertEquals(new StreamEvent.Start("1f61497a-9c53-47b1-96f4-e4fd5c9a0947", null, null), events.get(0));
        StreamCollector c = StreamCollector.of(events);
        assertEquals("Oh, hello there, Pickle Rick! It's an interesting choice of form you've taken. How can I help you today?",
                c.text.toString());
        assertEquals(FinishReason.STOP, c.finish);
        assertEquals(new TokenCounts(4, 26), c.usage);
        assertEquals(1, c.starts);
        assertInstanceOf(StreamEvent.Finish.class, events.get(events.size() - 1));
        assertEquals(new StreamEvent.TextDelta("Oh"), events.get(1), "deltas are emitted as they arrive");
    }

    @Test
    void toolCallTranscriptStreamsCallsOnceFromToolCallDelta() throws IOException {
        List<StreamEvent> events = Splits.assertSplitInvariant(codec::streamDecoder,
                Fixtures.bytes("cohere/v1/stream_tool_calls.ndjson"));
        StreamCollector c = StreamCollector.of(events);
        assertEquals("I will use the Person tool to create a person called Erick who is 27 years old.", c.text.toString(),
                "plan text from tool-calls-chunk, not repeated from tool-calls-generation");
        assertEquals(1, c.calls.size(), "tool-calls-generation does not re-emit the streamed call");
        String[] call = c.calls.get(0);
        assertEquals("Person", call[1]);
        assertTrue(call[0].startsWith("call_"));
        assertEquals(Json.MAPPER.readTree("{\"age\":27,\"name\":\"Erick\"}"), Json.MAPPER.readTree(call[2]));
        assertEquals(List.of(0), c.stops);
        assertEquals(FinishReason.TOOL_CALLS, c.finish);
        assertEquals(new TokenCounts(21, 32), c.usage);
    }

    @Test
    void generationOnlyCallsAreEmittedWhole() {
        String ndjson = """
                {"is_finished":false,"event_type":"stream-start","generation_id":"g1"}
                {"is_finished":false,"event_type":"search-queries-generation","search_queries":[]}
                {"is_finished":false,"event_type":"tool-calls-generation","text":"Plan","tool_calls":[{"name":"a","parameters":{"x":1}},{"name":"b","parameters":{}}]}
                {"is_finished":false,"event_type":"citation-generation","citations":[]}
                {"is_finished":true,"event_type":"stream-end","finish_reason":"COMPLETE","response":{"meta":{}}}
                """;
        List<StreamEvent> events = Splits.assertSplitInvariant(codec::streamDecoder, ndjson.getBytes(StandardCharsets.UTF_8));
        StreamCollector c = StreamCollector.of(events);
        assertEquals("Plan", c.text.toString());
        assertEquals("a", c.calls.get(0)[1]);
        assertEquals("{\"x\":1}", c.calls.get(0)[2]);
        assertEquals("{}", c.calls.get(1)[2]);
        assertEquals(List.of(0, 1), c.stops);
        assertEquals(FinishReason.TOOL_CALLS, c.finish);
        assertNull(c.usage, "no counts, no UsageReport");
    }

    @Test
    void sseFormOfV1StreamDecodesLikeNdjson() {
        byte[] ndjson = Fixtures.bytes("cohere/v1/stream_text.ndjson");
        StringBuilder sse = new StringBuilder();
        for (String line : StreamCollector.text(ndjson).split("\n")) {
            sse.append("event: x\r\ndata: ").append(line).append("\r\n\r\n");
        }
        assertEquals(Splits.whole(codec::streamDecoder, ndjson),
                Splits.assertSplitInvariant(codec::streamDecoder, sse.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void truncatedStreamFailsAfterItsEvents() {
        String ndjson = "{\"is_finished\":false,\"event_type\":\"text-generation\",\"text\":\"Hi\"}\n";
        FaultedDecode d = FaultedDecode.of(codec.streamDecoder(), ndjson.getBytes(StandardCharsets.UTF_8));
        assertEquals(UpstreamFault.Kind.TRUNCATED, d.kind());
        assertEquals("Cohere v1 stream ended without stream-end", d.fault().getMessage());
        assertInstanceOf(StreamEvent.Start.class, d.events().get(0), "Start synthesized");
        assertEquals(new StreamEvent.TextDelta("Hi"), d.events().get(1));
        // Cut inside its last line, the stream is undecodable rather than only short.
        assertEquals(UpstreamFault.Kind.UNDECODABLE, FaultedDecode.of(codec.streamDecoder(),
                (ndjson + "{\"is_fin").getBytes(StandardCharsets.UTF_8)).kind());
    }

    @Test
    void encoderFramesAndRoundTrip() throws IOException {
        List<StreamEvent> source = List.of(new StreamEvent.Start("id-1", "m", null), new StreamEvent.TextDelta("Let me "),
                new StreamEvent.TextDelta("check."), new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT),
                new StreamEvent.ToolCallStart(0, "c0", "get_weather"), new StreamEvent.ToolArgumentsDelta(0, "{\"city\""),
                new StreamEvent.ToolArgumentsDelta(0, ":\"Paris\"}"), new StreamEvent.BlockStop(0),
                new StreamEvent.ToolCallStart(1, "c1", "get_time"), new StreamEvent.ToolArgumentsDelta(1, "{}"),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS), new StreamEvent.UsageReport(new TokenCounts(10, 20), true));
        StreamEncoder encoder = codec.streamEncoder(null, InboundContext.BODY_ONLY);
        assertEquals("application/stream+json", encoder.contentType());
        byte[] bytes = StreamCollector.encode(encoder, source);
        String[] lines = StreamCollector.text(bytes).split("\n");
        List<String> types = new ArrayList<>();
        for (String line : lines) {
            JsonNode ev = Json.MAPPER.readTree(line);
            assertTrue(ev.has("is_finished"), line);
            types.add(ev.get("event_type").asText());
        }
        assertEquals(List.of("stream-start", "text-generation", "text-generation", "tool-calls-chunk", "tool-calls-chunk",
                "tool-calls-chunk", "tool-calls-chunk", "tool-calls-chunk", "tool-calls-generation", "stream-end"), types);
        assertTrue(StreamCollector.text(bytes).endsWith("}\n"));
        JsonNode end = Json.MAPPER.readTree(lines[lines.length - 1]);
        assertTrue(end.get("is_finished").asBoolean());
        assertEquals("COMPLETE", end.get("finish_reason").asText());
        assertEquals(10, end.at("/response/meta/billed_units/input_tokens").asInt());
        assertEquals("Let me check.", end.at("/response/text").asText());
        JsonNode gen = Json.MAPPER.readTree(lines[lines.length - 2]);
        assertEquals("Paris", gen.at("/tool_calls/0/parameters/city").asText());

        StreamCollector back = StreamCollector.of(Splits.assertSplitInvariant(codec::streamDecoder, bytes));
        assertEquals("Let me check.", back.text.toString());
        assertEquals(2, back.calls.size());
        assertEquals("get_weather", back.calls.get(0)[1]);
        assertEquals("{\"city\":\"Paris\"}", back.calls.get(0)[2]);
        assertEquals("get_time", back.calls.get(1)[1]);
        assertEquals("{}", back.calls.get(1)[2]);
        assertEquals(FinishReason.TOOL_CALLS, back.finish);
        assertEquals(new TokenCounts(10, 20), back.usage);
    }

    @Test
    void reencodedFixtureDecodesTheSame() {
        for (String f : List.of("cohere/v1/stream_text.ndjson", "cohere/v1/stream_tool_calls.ndjson")) {
            List<StreamEvent> events = Splits.whole(codec::streamDecoder, Fixtures.bytes(f));
            byte[] bytes = StreamCollector.encode(codec.streamEncoder(null, InboundContext.BODY_ONLY), events);
            StreamCollector a = StreamCollector.of(events);
            StreamCollector b = StreamCollector.of(StreamCollector.decode(codec.streamDecoder(), bytes));
            assertEquals(a.text.toString(), b.text.toString(), f);
            assertEquals(a.finish, b.finish, f);
            assertEquals(a.usage, b.usage, f);
            assertEquals(a.calls.size(), b.calls.size(), f);
            a.calls.forEach((i, call) -> assertEquals(call[1] + call[2], b.calls.get(i)[1] + b.calls.get(i)[2]));
        }
    }

    @Test
    void encoderSurvivesOddOrders() throws IOException {
        // no Start, usage before finish, no Finish at all: stream-start synthesized, stream-end at end()
        byte[] bytes = StreamCollector.encode(codec.streamEncoder(null, InboundContext.BODY_ONLY),
                List.of(new StreamEvent.UsageReport(new TokenCounts(1, 2), false), new StreamEvent.TextDelta("x"),
                        new StreamEvent.ToolCallStart(0, "c", "f"), new StreamEvent.ToolArgumentsDelta(0, "{\"a\":"),
                        new StreamEvent.TextDelta(" after")));
        String[] lines = StreamCollector.text(bytes).split("\n");
        assertEquals("stream-start", Json.MAPPER.readTree(lines[0]).get("event_type").asText());
        JsonNode end = Json.MAPPER.readTree(lines[lines.length - 1]);
        assertEquals("stream-end", end.get("event_type").asText());
        assertEquals("COMPLETE", end.get("finish_reason").asText());
        assertEquals("{\"a\":", end.at("/response/tool_calls/0/parameters/_raw").asText(), "truncated args wrapped");
        assertEquals(2, end.at("/response/meta/billed_units/output_tokens").asInt());
        StreamCollector back = StreamCollector.of(StreamCollector.decode(codec.streamDecoder(), bytes));
        assertEquals("x after", back.text.toString());
        assertEquals(FinishReason.TOOL_CALLS, back.finish);

        // usage after Finish writes stream-end at once; nothing after it
        List<byte[]> frames = new ArrayList<>();
        StreamEncoder e = codec.streamEncoder(null, InboundContext.BODY_ONLY);
        e.encode(new StreamEvent.TextDelta("hi"), frames::add);
        e.encode(new StreamEvent.Finish(FinishReason.LENGTH), frames::add);
        int before = frames.size();
        e.encode(new StreamEvent.UsageReport(new TokenCounts(3, 4), true), frames::add);
        assertEquals(before + 1, frames.size());
        e.encode(new StreamEvent.UsageReport(new TokenCounts(5, 6), true), frames::add);
        e.end(frames::add);
        assertEquals(before + 1, frames.size());
        JsonNode last = Json.MAPPER.readTree(frames.get(frames.size() - 1));
        assertEquals("MAX_TOKENS", last.get("finish_reason").asText());
        assertEquals(3, last.at("/response/meta/billed_units/input_tokens").asInt());
    }

    @Test
    void errorEndsStreamWithErrorFinish() throws IOException {
        List<byte[]> frames = new ArrayList<>();
        StreamEncoder e = codec.streamEncoder(null, InboundContext.BODY_ONLY);
        e.encode(new StreamEvent.Start("s", "m", null), frames::add);
        e.encode(new StreamEvent.TextDelta("par"), frames::add);
        e.encode(new StreamEvent.Error(ApiError.of(ErrorKind.UNAVAILABLE, "overloaded")), frames::add);
        e.encode(new StreamEvent.TextDelta("ignored"), frames::add);
        e.end(frames::add);
        assertEquals(3, frames.size());
        JsonNode last = Json.MAPPER.readTree(frames.get(2));
        assertEquals("stream-end", last.get("event_type").asText());
        assertEquals("ERROR", last.get("finish_reason").asText());
        assertFalse(StreamCollector.text(frames.get(2)).contains("ignored"));
    }
}
