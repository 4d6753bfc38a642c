package io.llmrouter.core.convert.openai.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.testing.FaultedDecode;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.Splits;
import io.llmrouter.core.wire.InboundContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Typed SSE both ways: recorded upstream streams decode, the IR encodes as the events a Responses client reads. */
class ResponsesStreamTest {

    private static final ProtocolCodec CODEC = Codecs.defaults().of(Protocol.OPENAI_RESPONSES);
    private static final ChatRequest REQUEST = ChatRequest.builder().model("public").stream(true).build();

    /** A recording decoded whole; fed byte by byte it gives the same events. */
    private static List<StreamEvent> decode(String fixture) {
        byte[] bytes = Fixtures.bytes("openai-responses/" + fixture);
        List<StreamEvent> events = Splits.whole(CODEC::streamDecoder, bytes);
        assertEquals(events, Splits.byteByByte(CODEC::streamDecoder, bytes), "byte by byte");
        return events;
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream_text.sse", "stream_function_call.sse"})
    void everyTwoPieceSplitDecodesTheSame(String fixture) {
        Splits.assertSplitInvariant(CODEC::streamDecoder, Fixtures.bytes("openai-responses/" + fixture));
    }

    private static String text(List<StreamEvent> events) {
        return events.stream().filter(StreamEvent.TextDelta.class::isInstance)
                .map(e -> ((StreamEvent.TextDelta) e).text()).collect(Collectors.joining());
    }

    /** The events as a client gets them, each frame's data parsed. */
    private static List<JsonNode> encode(List<StreamEvent> events) {
        return frames(encodeBytes(events, CODEC.streamEncoder(REQUEST, InboundContext.BODY_ONLY)));
    }

    private static String encodeBytes(List<StreamEvent> events, StreamEncoder encoder) {
        return ResponsesSse.encode(events, encoder);
    }

    private static List<JsonNode> frames(String sse) {
        List<JsonNode> frames = new ArrayList<>();
        for (String frame : sse.split("\n\n")) {
            String[] lines = frame.split("\n");
            assertEquals(2, lines.length, frame);
            assertTrue(lines[0].startsWith("event: ") && lines[1].startsWith("data: "), frame);
            JsonNode data = Json.tryParse(lines[1].substring(6));
            assertEquals(lines[0].substring(7), data.path("type").asText(), "event: names the type");
            assertFalse(data.has("error") && data.size() <= 3, "a top-level error frame breaks openai-java");
            frames.add(data);
        }
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(i, frames.get(i).path("sequence_number").asInt(), "sequence numbers run 0..n-1");
        }
        return frames;
    }

    private static List<String> types(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("type").asText()).toList();
    }

    private static List<String> recordedTypes(String fixture) {
        return ResponsesSse.types(Fixtures.text("openai-responses/" + fixture));
    }

    @Test
    void aRecordedTextStream() {
        List<StreamEvent> events = decode("stream_text.sse");
        assertEquals(new StreamEvent.Start("resp_0b70e4946283a4df0068c9ef5ef4d88194adeeb6e2283d609a",
                "gpt-4o-mini-2024-07-18", null), events.get(0));
        assertEquals("Hello! How can I assist you today?", text(events));
        assertTrue(events.contains(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT)));
        assertEquals(new StreamEvent.Finish(FinishReason.STOP), events.get(events.size() - 1));
        assertTrue(events.stream().anyMatch(e -> e instanceof StreamEvent.UsageReport u && u.accurate()
                && u.usage().totalTokens() > 0), events.toString());
    }

    @Test
    void aRecordedFunctionCallStream() {
        List<StreamEvent> events = decode("stream_function_call.sse");
        assertEquals(new StreamEvent.ToolCallStart(0, "call_0UFGPwrziw5rbinYp7rthrTb", "get_weather_at_location"),
                events.get(1));
        String args = events.stream().filter(StreamEvent.ToolArgumentsDelta.class::isInstance)
                .map(e -> ((StreamEvent.ToolArgumentsDelta) e).fragment()).collect(Collectors.joining());
        assertEquals("{\"location\":\"San Francisco, CA\"}", args);
        assertTrue(events.contains(new StreamEvent.BlockStop(0)));
        assertEquals(new StreamEvent.Finish(FinishReason.TOOL_CALLS), events.get(events.size() - 1));
    }

    @Test
    void aRecordedReasoningStreamGivesItsTextAndCall() {
        List<StreamEvent> events = decode("stream_reasoning_text_function_call.sse");
        assertFalse(text(events).isEmpty());
        assertTrue(events.stream().anyMatch(StreamEvent.ToolCallStart.class::isInstance));
        assertEquals(new StreamEvent.Finish(FinishReason.TOOL_CALLS), events.get(events.size() - 1));
        List<StreamEvent> summary = Splits.whole(CODEC::streamDecoder,
                Fixtures.bytes("openai-responses/stream_reasoning_summary.sse"));
        assertEquals(new StreamEvent.Finish(FinishReason.STOP), summary.get(summary.size() - 1));
        assertTrue(text(summary).length() > 1000, "the long answer after the summary");
    }

    /** The recorded event sequences, re-encoded from their IR, are the same events in the same order. */
    @ParameterizedTest
    @ValueSource(strings = {"stream_text.sse", "stream_function_call.sse"})
    void theEncoderWritesWhatOpenAiWrites(String fixture) {
        List<StreamEvent> recorded = decode(fixture);
        List<JsonNode> frames = encode(recorded);
        assertEquals(recordedTypes(fixture), types(frames));
        JsonNode completed = frames.get(frames.size() - 1).path("response");
        assertEquals("completed", completed.path("status").asText());
        assertEquals("resp_", completed.path("id").asText().substring(0, 5));
        List<StreamEvent> again = Splits.whole(CODEC::streamDecoder,
                encodeBytes(recorded, CODEC.streamEncoder(REQUEST, InboundContext.BODY_ONLY))
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(text(recorded), text(again));
    }

    @Test
    void theFunctionCallArgumentsDoneEventNamesTheFunction() {
        JsonNode done = encode(decode("stream_function_call.sse")).stream()
                .filter(f -> f.path("type").asText().equals("response.function_call_arguments.done"))
                .findFirst().orElseThrow();
        assertEquals("get_weather_at_location", done.path("name").asText(), "openai-java 4.8.0 requires it");
        assertEquals("{\"location\":\"San Francisco, CA\"}", done.path("arguments").asText());
    }

    @Test
    void itemsAndTheTerminalResponseAgree() {
        List<JsonNode> frames = encode(List.of(new StreamEvent.Start("msg_1", "claude-x", null),
                new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"),
                new StreamEvent.ToolCallStart(0, "toolu_1", "f"), new StreamEvent.ToolArgumentsDelta(0, "{}"),
                new StreamEvent.BlockStop(0), new StreamEvent.UsageReport(new TokenCounts(3, 4, 1, 2), true),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS)));
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed"),
                types(frames));
        JsonNode response = frames.get(frames.size() - 1).path("response");
        assertEquals("resp_msg_1", response.path("id").asText());
        assertEquals("msg_msg_1_0", frames.get(2).path("item").path("id").asText());
        assertEquals("fc_msg_1_1", frames.get(9).path("item").path("id").asText());
        assertEquals(1, frames.get(9).path("output_index").asInt());
        assertEquals(frames.get(8).path("item"), response.path("output").path(0));
        assertEquals(frames.get(12).path("item"), response.path("output").path(1));
        assertEquals("Hello", response.path("output").path(0).path("content").path(0).path("text").asText());
        assertEquals(7, response.path("usage").path("total_tokens").asInt());
        assertEquals(2, response.path("usage").path("output_tokens_details").path("reasoning_tokens").asInt());
        assertTrue(frames.get(0).path("response").path("usage").isNull());
        assertEquals("in_progress", frames.get(0).path("response").path("status").asText());
    }

    @Test
    void aCutAnswerEndsIncomplete() {
        List<JsonNode> frames = encode(List.of(new StreamEvent.Start("r", "m", null), new StreamEvent.TextDelta("x"),
                new StreamEvent.Finish(FinishReason.LENGTH)));
        JsonNode last = frames.get(frames.size() - 1);
        assertEquals("response.incomplete", last.path("type").asText());
        assertEquals("max_output_tokens", last.path("response").path("incomplete_details").path("reason").asText());
        assertEquals(0, last.path("response").path("usage").path("total_tokens").asInt(), "usage always written");
    }

    @Test
    void aFailureAfterTheFirstEventIsResponseFailed() {
        List<JsonNode> frames = encode(List.of(new StreamEvent.Start("r", "m", null), new StreamEvent.TextDelta("x"),
                new StreamEvent.Error(ApiError.of(ErrorKind.RATE_LIMITED, "slow down"))));
        JsonNode last = frames.get(frames.size() - 1);
        assertEquals("response.failed", last.path("type").asText());
        assertEquals("failed", last.path("response").path("status").asText());
        assertEquals("rate_limit_exceeded", last.path("response").path("error").path("code").asText());
        assertEquals("slow down", last.path("response").path("error").path("message").asText());
        assertEquals(6, frames.size(), "nothing after response.failed, end() included");
    }

    @Test
    void theHeldAnswerIsBoundedByTheLargestAnswerTheSettingsAllow() {
        StreamEncoder small = OpenAiResponses.codec(new ConversionSettings(Clock.systemUTC(),
                ConversionSettings.DEFAULT_ANTHROPIC_MAX_TOKENS, 10)).streamEncoder(REQUEST, InboundContext.BODY_ONLY);
        List<JsonNode> frames = frames(encodeBytes(List.of(new StreamEvent.TextDelta("12345"),
                new StreamEvent.TextDelta("67890"), new StreamEvent.TextDelta("!"), new StreamEvent.TextDelta("?")),
                small));
        JsonNode last = frames.get(frames.size() - 1);
        assertEquals("response.failed", last.path("type").asText());
        assertEquals("server_error", last.path("response").path("error").path("code").asText());
        assertTrue(last.path("response").path("error").path("message").asText().contains("limit of 10 characters"),
                last.toString());
    }

    // ---- what the decoder refuses ------------------------------------------------------------------------------

    @Test
    void failureEventsBecomeErrors() {
        String failed = "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}\n\n"
                + "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"status\":\"failed\","
                + "\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow\"}}}\n\n";
        List<StreamEvent> events = Splits.whole(CODEC::streamDecoder, failed.getBytes(StandardCharsets.UTF_8));
        StreamEvent.Error e = (StreamEvent.Error) events.get(events.size() - 1);
        assertEquals(ErrorKind.RATE_LIMITED, e.error().kind());
        String error = "event: error\ndata: {\"type\":\"error\",\"code\":\"invalid_prompt\",\"message\":\"bad\","
                + "\"param\":null}\n\n";
        events = Splits.whole(CODEC::streamDecoder, error.getBytes(StandardCharsets.UTF_8));
        e = (StreamEvent.Error) events.get(events.size() - 1);
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        assertEquals("bad", e.error().message(), "the caller's own error is relayed");
    }

    @Test
    void argumentsOnlyInTheFinishedItemAreNotLost() {
        String sse = "data: {\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"id\":\"fc_1\","
                + "\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"\"}}\n\n"
                + "data: {\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"id\":\"fc_1\","
                + "\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}\n\n"
                + "data: {\"type\":\"response.completed\",\"response\":{\"status\":\"completed\"}}\n\n";
        List<StreamEvent> events = Splits.whole(CODEC::streamDecoder, sse.getBytes(StandardCharsets.UTF_8));
        assertTrue(events.contains(new StreamEvent.ToolArgumentsDelta(0, "{\"a\":1}")), events.toString());
        assertEquals(new StreamEvent.Finish(FinishReason.TOOL_CALLS), events.get(events.size() - 1));
    }

    @Test
    void aStreamWithoutItsTerminalEventIsTruncated() {
        String text = Fixtures.text("openai-responses/stream_function_call.sse");
        FaultedDecode d = FaultedDecode.of(CODEC.streamDecoder(new FrameLimits(1 << 20, 1 << 20)),
                text.substring(0, text.indexOf("event: response.completed")).getBytes(StandardCharsets.UTF_8));
        assertEquals(UpstreamFault.Kind.TRUNCATED, d.kind());
    }
}
