package io.llmrouter.core.convert.anthropic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.SseEvent;
import io.llmrouter.core.stream.SseParser;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.Splits;
import io.llmrouter.core.wire.InboundContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.ANTHROPIC);

    private List<StreamEvent> decode(String fixture) {
        return Splits.assertSplitInvariant(codec::streamDecoder, Fixtures.bytes(fixture));
    }

    @Test
    void everyAnthropicTranscriptIsSplitInvariant() {
        List<String> streams = Fixtures.list("anthropic").stream().filter(f -> f.endsWith(".sse")).toList();
        assertEquals(5, streams.size(), streams.toString());
        streams.forEach(this::decode);
    }

    @Test
    void textStreamWithWhitespacePadding() {
        List<StreamEvent> events = decode("anthropic/stream_text.sse");
        assertEquals(new StreamEvent.Start("msg_016HxyUMAncysqX7dn1kWNRx", "claude-haiku-4-5-20251001",
                new TokenCounts(770, 8)), events.get(0));
        StreamAssembly a = StreamAssembly.of(events);
        assertEquals("The weather in San Francisco, CA is currently:\n- **Temperature:** 68°F\n- **Condition:** Sunny"
                + "\n\nIt's a nice sunny day!", a.text());
        assertEquals(FinishReason.STOP, a.finish());
        assertEquals(1, a.finishCount());
        assertEquals(new TokenCounts(770, 38), a.usage());
        assertTrue(events.contains(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT)));
        assertTrue(a.tools().isEmpty());
    }

    @Test
    void basicSdkFixtureWithoutTrailingNewline() {
        List<StreamEvent> events = decode("anthropic/stream_text_basic_sdk_fixture.sse");
        StreamAssembly a = StreamAssembly.of(events);
        assertEquals("Hello there!", a.text());
        assertEquals(FinishReason.STOP, a.finish());
        assertEquals(new TokenCounts(11, 6), a.usage(), "message_delta output is cumulative, input kept from start");
    }

    @Test
    void toolUseStream() {
        List<StreamEvent> events = decode("anthropic/stream_tool_use.sse");
        assertEquals(new StreamEvent.ToolCallStart(0, "toolu_018acGYLtfR52q9yDbWaEdQZ", "get_weather"), events.get(2));
        StreamAssembly a = StreamAssembly.of(events);
        assertEquals(1, a.tools().size());
        assertEquals("{\"location\": \"San Francisco, CA\", \"units\": \"f\"}", a.tools().get(0)[2]);
        assertEquals(FinishReason.TOOL_CALLS, a.finish());
        assertEquals(new TokenCounts(656, 74), a.usage());
        assertTrue(events.contains(new StreamEvent.BlockStop(0)));
        assertTrue(events.stream().noneMatch(e -> e instanceof StreamEvent.ToolArgumentsDelta d
                && d.fragment().isEmpty()), "empty partial_json fragments are skipped");
    }

    @Test
    void textThenToolUsesRunningToolIndexNotBlockIndex() {
        List<StreamEvent> events = decode("anthropic/stream_text_then_tool_use_sdk_fixture.sse");
        StreamAssembly a = StreamAssembly.of(events);
        assertEquals("I'll check the current weather in Paris for you.", a.text());
        assertTrue(events.contains(new StreamEvent.ToolCallStart(0, "toolu_01NRLabsLyVHZPKxbKvkfSMn", "get_weather")),
                "Anthropic block 1 is IR tool 0");
        assertEquals("{\"location\": \"Paris\"}", a.tools().get(0)[2]);
        assertEquals(FinishReason.TOOL_CALLS, a.finish());
        assertEquals(new TokenCounts(377, 65), a.usage());
        int textStop = events.indexOf(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT));
        int toolStart = events.indexOf(new StreamEvent.ToolCallStart(0, "toolu_01NRLabsLyVHZPKxbKvkfSMn", "get_weather"));
        assertTrue(textStop >= 0 && textStop < toolStart);
    }

    @Test
    void errorEventBecomesErrorWithoutStart() {
        List<StreamEvent> events = decode("anthropic/stream_error_event_sdk_test.sse");
        assertEquals(1, events.size());
        ApiError e = assertInstanceOf(StreamEvent.Error.class, events.get(0)).error();
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals(529, e.status());
        assertEquals("the upstream reported an error mid-stream (overloaded_error)", e.message());
        assertEquals("overloaded_error", e.code());
    }

    @Test
    void thinkingCacheUsageUnknownEventsAndParameterlessTool() {
        String sse = """
                event: message_start
                data: {"type":"message_start","message":{"id":"m1","model":"c","usage":{"input_tokens":5,"cache_read_input_tokens":50,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"secret"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: brand_new_event
                data: {"type":"brand_new_event","x":1}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"t1","name":"now","input":{}}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":20}}

                event: message_stop
                data: {"type":"message_stop"}

                """;
        List<StreamEvent> events = Splits.assertSplitInvariant(codec::streamDecoder,
                sse.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(
                new StreamEvent.Start("m1", "c", new TokenCounts(55, 1, 50, 0)),
                new StreamEvent.UsageReport(new TokenCounts(55, 1, 50, 0), true),
                new StreamEvent.ReasoningDelta("secret"),
                new StreamEvent.ReasoningSignature("sig", false, io.llmrouter.api.Protocol.ANTHROPIC),
                new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING),
                new StreamEvent.ToolCallStart(0, "t1", "now"),
                new StreamEvent.ToolArgumentsDelta(0, "{}"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(new TokenCounts(55, 20, 50, 0), true)), events);
    }

    // ---- encoder ------------------------------------------------------------------------------------------

    private static List<SseEvent> frames(StreamEncoder enc, List<StreamEvent> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (StreamEvent e : events) {
            enc.encode(e, bytes::writeBytes);
        }
        enc.end(bytes::writeBytes);
        List<SseEvent> out = new ArrayList<>();
        SseParser p = new SseParser(out::add);
        p.feed(bytes.toByteArray());
        p.end();
        for (SseEvent f : out) {
            assertEquals(f.event(), Json.tryParse(f.data()).get("type").asText(), "event name equals data type");
        }
        return out;
    }

    private StreamEncoder encoder() {
        return codec.streamEncoder(ChatRequest.builder().model("pub").stream(true).build(), InboundContext.BODY_ONLY);
    }

    private static List<String> names(List<SseEvent> frames) {
        return frames.stream().map(SseEvent::event).toList();
    }

    @Test
    void openAiStyleOrderTextThenToolsUsageAfterFinish() {
        List<SseEvent> f = frames(encoder(), List.of(
                new StreamEvent.Start("chatcmpl-1", "gpt", null),
                new StreamEvent.TextDelta("Let me "),
                new StreamEvent.TextDelta("look."),
                new StreamEvent.ToolCallStart(0, "call_a", "w"),
                new StreamEvent.ToolArgumentsDelta(0, "{\"ci"),
                new StreamEvent.ToolArgumentsDelta(0, "ty\":\"P\"}"),
                new StreamEvent.ToolCallStart(1, "call_b", "w"),
                new StreamEvent.ToolArgumentsDelta(1, "{}"),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(new TokenCounts(30, 12, 10, 0), true)));
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_stop", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_stop", "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop"), names(f));
        JsonNode start = Json.tryParse(f.get(0).data()).get("message");
        assertEquals("chatcmpl-1", start.get("id").asText());
        assertEquals(0, start.get("usage").get("input_tokens").asInt());
        assertEquals(0, Json.tryParse(f.get(1).data()).get("index").asInt());
        JsonNode tool1 = Json.tryParse(f.get(5).data());
        assertEquals(1, tool1.get("index").asInt());
        assertEquals("tool_use", tool1.get("content_block").get("type").asText());
        assertEquals("call_a", tool1.get("content_block").get("id").asText());
        assertEquals(2, Json.tryParse(f.get(9).data()).get("index").asInt());
        JsonNode delta = Json.tryParse(f.get(12).data());
        assertEquals("tool_use", delta.get("delta").get("stop_reason").asText());
        assertTrue(delta.get("delta").get("stop_sequence").isNull());
        assertEquals(12, delta.get("usage").get("output_tokens").asInt());
        assertEquals(20, delta.get("usage").get("input_tokens").asInt(), "input minus cache reads");
        assertEquals(10, delta.get("usage").get("cache_read_input_tokens").asInt());
    }

    @Test
    void finishIsHeldUntilEndWhenNoUsageFollows() {
        StreamEncoder enc = encoder();
        List<byte[]> out = new ArrayList<>();
        enc.encode(new StreamEvent.TextDelta("hi"), out::add);
        enc.encode(new StreamEvent.Finish(FinishReason.LENGTH), out::add);
        String sofar = String.join("", out.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
        assertTrue(sofar.contains("content_block_stop") && !sofar.contains("message_delta"), sofar);
        enc.end(out::add);
        String all = String.join("", out.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
        assertTrue(all.contains("\"stop_reason\":\"max_tokens\""));
        assertTrue(all.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
    }

    @Test
    void robustToMissingStartFinishAndBlockStops() {
        List<SseEvent> f = frames(encoder(), List.of(
                new StreamEvent.ToolArgumentsDelta(0, "{\"a\":1}"),
                new StreamEvent.TextDelta("after tools"),
                new StreamEvent.UsageReport(new TokenCounts(3, 4), false)));
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"),
                names(f));
        assertEquals("pub", Json.tryParse(f.get(0).data()).get("message").get("model").asText());
        assertEquals("tool_use", Json.tryParse(f.get(7).data()).get("delta").get("stop_reason").asText(),
                "no Finish but tool calls seen");
        assertEquals(List.of("message_start", "message_delta", "message_stop"), names(frames(encoder(), List.of())));
    }

    @Test
    void errorEndsTheStream() {
        List<SseEvent> f = frames(encoder(), List.of(
                new StreamEvent.Start("m", "c", new TokenCounts(5, 0)),
                new StreamEvent.TextDelta("par"),
                new StreamEvent.Error(ApiError.of(ErrorKind.UNAVAILABLE, "upstream overloaded")),
                new StreamEvent.TextDelta("ignored")));
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "error"), names(f));
        JsonNode err = Json.tryParse(f.get(3).data());
        assertEquals("overloaded_error", err.get("error").get("type").asText());
        assertEquals("upstream overloaded", err.get("error").get("message").asText());
    }

    @Test
    void encoderOutputDecodesBackToTheSameAnswer() {
        for (String fixture : List.of("anthropic/stream_text.sse", "anthropic/stream_tool_use.sse",
                "anthropic/stream_text_then_tool_use_sdk_fixture.sse", "anthropic/stream_text_basic_sdk_fixture.sse",
                "anthropic/stream_error_event_sdk_test.sse")) {
            List<StreamEvent> original = decode(fixture);
            StreamEncoder enc = encoder();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.forEach(e -> enc.encode(e, bytes::writeBytes));
            enc.end(bytes::writeBytes);
            List<StreamEvent> again = Splits.assertSplitInvariant(codec::streamDecoder, bytes.toByteArray());
            StreamAssembly a = StreamAssembly.of(original);
            StreamAssembly b = StreamAssembly.of(again);
            assertEquals(a.text(), b.text(), fixture);
            assertEquals(a.finish(), b.finish(), fixture);
            assertEquals(a.usage(), b.usage(), fixture);
            assertEquals(a.tools().size(), b.tools().size(), fixture);
            for (int i = 0; i < a.tools().size(); i++) {
                assertArrayEquals(a.tools().get(i), b.tools().get(i), fixture);
            }
            assertEquals(original.stream().filter(StreamEvent.Error.class::isInstance).toList(),
                    again.stream().filter(StreamEvent.Error.class::isInstance).toList(), fixture);
        }
    }
}
