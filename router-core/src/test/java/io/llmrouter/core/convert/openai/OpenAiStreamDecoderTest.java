package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.testing.FaultedDecode;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.Splits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiStreamDecoderTest {

    private static List<StreamEvent> decode(String fixture) {
        return Splits.assertSplitInvariant(OpenAiStreamDecoder::new, Fixtures.bytes(fixture));
    }

    private static List<StreamEvent> decodeText(String transcript) {
        return Splits.assertSplitInvariant(OpenAiStreamDecoder::new, transcript.getBytes(StandardCharsets.UTF_8));
    }

    static String text(List<StreamEvent> events) {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(StreamEvent.TextDelta.class::isInstance)
                .forEach(e -> sb.append(((StreamEvent.TextDelta) e).text()));
        return sb.toString();
    }

    static String args(List<StreamEvent> events, int index) {
        StringBuilder sb = new StringBuilder();
        for (StreamEvent e : events) {
            if (e instanceof StreamEvent.ToolArgumentsDelta a && a.index() == index) {
                sb.append(a.fragment());
            }
        }
        return sb.toString();
    }

    static <T> List<T> of(List<StreamEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void everyOpenAiTranscriptIsSplitInvariant() {
        List<String> streams = Fixtures.list("openai").stream().filter(f -> f.endsWith(".sse")).toList();
        assertEquals(5, streams.size(), streams.toString());
        streams.forEach(OpenAiStreamDecoderTest::decode);
        Fixtures.list("constructed/openai").stream().filter(f -> f.endsWith(".sse"))
                .forEach(OpenAiStreamDecoderTest::decode);
    }

    @Test
    void text() {
        List<StreamEvent> ev = decode("openai/stream_text.sse");
        assertEquals(new StreamEvent.Start("chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL", "gpt-4o-2024-08-06", null),
                ev.get(0));
        assertTrue(text(ev).startsWith("I'm unable to provide real-time weather updates."), text(ev));
        assertTrue(text(ev).endsWith("weather app."));
        assertEquals(List.of(new StreamEvent.Finish(FinishReason.STOP)), of(ev, StreamEvent.Finish.class));
        assertEquals(new StreamEvent.UsageReport(new TokenCounts(14, 30), true), ev.get(ev.size() - 1));
        assertInstanceOf(StreamEvent.Finish.class, ev.get(ev.size() - 2));
    }

    @Test
    void singleToolCall() {
        List<StreamEvent> ev = decode("openai/stream_tool_call.sse");
        assertEquals(new StreamEvent.ToolCallStart(0, "call_4XzlGBLtUe9dy3GVNV4jhq7h", "get_weather"), ev.get(1));
        assertEquals("{\"city\":\"New York City\"}", args(ev, 0));
        assertEquals("", text(ev));
        int stop = ev.indexOf(new StreamEvent.BlockStop(0));
        assertEquals(new StreamEvent.Finish(FinishReason.TOOL_CALLS), ev.get(stop + 1));
        assertEquals(new StreamEvent.UsageReport(new TokenCounts(44, 16), true), ev.get(ev.size() - 1));
    }

    @Test
    void parallelToolCallsKeyedByIndex() {
        List<StreamEvent> ev = decode("openai/stream_parallel_tool_calls.sse");
        assertEquals(List.of(new StreamEvent.ToolCallStart(0, "call_JMW1whyEaYG438VE1OIflxA2", "GetWeatherArgs"),
                new StreamEvent.ToolCallStart(1, "call_DNYTawLBoN8fj3KN6qU9N1Ou", "get_stock_price")),
                of(ev, StreamEvent.ToolCallStart.class));
        assertEquals("{\"city\": \"Edinburgh\", \"country\": \"GB\", \"units\": \"c\"}", args(ev, 0));
        assertEquals("{\"ticker\": \"AAPL\", \"exchange\": \"NASDAQ\"}", args(ev, 1));
        assertEquals(List.of(new StreamEvent.BlockStop(0), new StreamEvent.BlockStop(1)),
                of(ev, StreamEvent.BlockStop.class));
        assertEquals(List.of(new StreamEvent.Finish(FinishReason.TOOL_CALLS)), of(ev, StreamEvent.Finish.class));
        assertEquals(new TokenCounts(149, 60), of(ev, StreamEvent.UsageReport.class).get(0).usage());
    }

    @Test
    void lengthFinish() {
        List<StreamEvent> ev = decode("openai/stream_max_tokens_length.sse");
        assertEquals("{\"", text(ev));
        assertEquals(List.of(new StreamEvent.Finish(FinishReason.LENGTH)), of(ev, StreamEvent.Finish.class));
        assertEquals(new TokenCounts(79, 1), of(ev, StreamEvent.UsageReport.class).get(0).usage());
    }

    @Test
    void refusalStreamsAsText() {
        List<StreamEvent> ev = decode("openai/stream_refusal.sse");
        assertEquals("I'm sorry, I can't assist with that request.", text(ev));
        assertEquals(List.of(new StreamEvent.Finish(FinishReason.STOP)), of(ev, StreamEvent.Finish.class));
        assertEquals(new TokenCounts(79, 11), of(ev, StreamEvent.UsageReport.class).get(0).usage());
    }

    @Test
    void midStreamErrorEndsTheStream() {
        List<StreamEvent> ev = decode("constructed/openai/stream_midstream_error.sse");
        assertInstanceOf(StreamEvent.Start.class, ev.get(0));
        StreamEvent.Error err = assertInstanceOf(StreamEvent.Error.class, ev.get(ev.size() - 1));
        assertEquals(ErrorKind.INTERNAL, err.error().kind());
        assertEquals("the upstream reported an error mid-stream (server_error)", err.error().message());
        assertTrue(of(ev, StreamEvent.Finish.class).isEmpty());
    }

    @Test
    void azurePreambleAndContentFilterResultsAreIgnored() {
        List<StreamEvent> ev = decode("constructed/openai/azure_stream_preamble.sse");
        assertEquals(List.of(new StreamEvent.Start("chatcmpl-X", "gpt-4o-2024-11-20", null),
                new StreamEvent.TextDelta("Hi"), new StreamEvent.Finish(FinishReason.STOP)), ev);
    }

    @Test
    void crlfAndKeepAlivesAreFineAndEitherEndMarkerEndsTheStream() {
        String chunk = ": keep-alive\r\n\r\ndata: {\"id\":\"a\",\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":{\"content\":\"h\u00e9\u4e16\"}}]}\r\n\r\n";
        List<StreamEvent> expected = List.of(new StreamEvent.Start("a", "m", null),
                new StreamEvent.TextDelta("h\u00e9\u4e16"), new StreamEvent.Finish(FinishReason.STOP));
        // [DONE] without a finish_reason (some compatible servers): the stream stopped normally.
        assertEquals(expected, decodeText(chunk + "data: [DONE]\r\n\r\n"));
        // A finish_reason without [DONE]: complete too.
        assertEquals(expected, decodeText(chunk + "data: {\"id\":\"a\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n"));
    }

    @Test
    void aStreamWithNeitherFinishReasonNorDoneWasCut() {
        String cut = Fixtures.text("openai/stream_text.sse");
        cut = cut.substring(0, cut.indexOf("\"finish_reason\":\"stop\""));
        cut = cut.substring(0, cut.lastIndexOf("\n\n") + 2);
        FaultedDecode d = FaultedDecode.of(new OpenAiStreamDecoder(), cut.getBytes(StandardCharsets.UTF_8));
        assertEquals(UpstreamFault.Kind.TRUNCATED, d.kind());
        assertEquals("OpenAI stream ended without a finish_reason or [DONE]", d.fault().getMessage());
        assertTrue(of(d.events(), StreamEvent.Finish.class).isEmpty(), "no invented stop");
        assertFalse(of(d.events(), StreamEvent.TextDelta.class).isEmpty(), "the text before the cut was read");
    }

    @Test
    void wholeToolCallInOneFragmentWithoutIdAndGroqUsage() {
        List<StreamEvent> ev = decodeText("""
                data: {"id":"g1","model":"llama","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{\\"a\\":1}"}}]}}]}

                data: {"id":"g1","model":"llama","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"usage":{"prompt_tokens":3,"completion_tokens":4}}}

                data: [DONE]

                """);
        StreamEvent.ToolCallStart start = of(ev, StreamEvent.ToolCallStart.class).get(0);
        assertTrue(start.id().startsWith("call_"));
        assertEquals("f", start.name());
        assertEquals("{\"a\":1}", args(ev, 0));
        assertEquals(new StreamEvent.Finish(FinishReason.TOOL_CALLS), of(ev, StreamEvent.Finish.class).get(0));
        assertEquals(new TokenCounts(3, 4), of(ev, StreamEvent.UsageReport.class).get(0).usage());
        assertFalse(ev.isEmpty());
    }
}
