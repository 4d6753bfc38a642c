package io.llmrouter.core.convert.openai;

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

class OpenAiStreamEncoderTest {

    private final ProtocolCodec codec = Codecs.defaults().of(Protocol.OPENAI);

    private List<String> encode(boolean includeUsage, List<StreamEvent> events) {
        ChatRequest req = ChatRequest.builder().model("public").stream(true).includeUsage(includeUsage).build();
        StreamEncoder enc = codec.streamEncoder(req, InboundContext.BODY_ONLY);
        assertEquals("text/event-stream", enc.contentType());
        List<String> frames = new ArrayList<>();
        for (StreamEvent e : events) {
            enc.encode(e, b -> frames.add(new String(b, StandardCharsets.UTF_8)));
        }
        enc.end(b -> frames.add(new String(b, StandardCharsets.UTF_8)));
        return frames;
    }

    private static JsonNode json(String frame) {
        assertTrue(frame.startsWith("data: ") && frame.endsWith("\n\n"), frame);
        return Json.parseObject(frame.substring(6, frame.length() - 2).getBytes(StandardCharsets.UTF_8), "frame");
    }

    private static List<StreamEvent> reDecode(List<String> frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        frames.forEach(f -> all.writeBytes(f.getBytes(StandardCharsets.UTF_8)));
        return Splits.assertSplitInvariant(OpenAiStreamDecoder::new, all.toByteArray());
    }

    private static final List<StreamEvent> TOOLS = List.of(
            new StreamEvent.Start("msg_1", "claude-x", new TokenCounts(10, 0)),
            new StreamEvent.TextDelta("Let me look."),
            new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT),
            new StreamEvent.ToolCallStart(0, "toolu_1", "get_weather"),
            new StreamEvent.ToolArgumentsDelta(0, "{\"city\":"),
            new StreamEvent.ToolArgumentsDelta(0, "\"Paris\"}"),
            new StreamEvent.BlockStop(0),
            new StreamEvent.ToolCallStart(1, "toolu_2", "get_time"),
            new StreamEvent.ToolArgumentsDelta(1, "{}"),
            new StreamEvent.BlockStop(1),
            new StreamEvent.Finish(FinishReason.TOOL_CALLS),
            new StreamEvent.UsageReport(new TokenCounts(10, 20, 3, 0), true));

    @Test
    void exactFramingWithUsage() {
        List<String> frames = encode(true, TOOLS);
        assertEquals("data: [DONE]\n\n", frames.get(frames.size() - 1));
        List<JsonNode> chunks = frames.subList(0, frames.size() - 1).stream().map(OpenAiStreamEncoderTest::json)
                .toList();
        for (JsonNode c : chunks) {
            assertEquals("msg_1", c.get("id").asText());
            assertEquals("chat.completion.chunk", c.get("object").asText());
            assertTrue(c.get("created").isNumber());
            assertEquals("claude-x", c.get("model").asText());
        }
        JsonNode first = chunks.get(0).get("choices").get(0).get("delta");
        assertEquals("assistant", first.get("role").asText());
        assertEquals("", first.get("content").asText());
        JsonNode toolStart = chunks.get(2).get("choices").get(0).get("delta").get("tool_calls").get(0);
        assertEquals(0, toolStart.get("index").asInt());
        assertEquals("toolu_1", toolStart.get("id").asText());
        assertEquals("function", toolStart.get("type").asText());
        assertEquals("get_weather", toolStart.get("function").get("name").asText());
        assertEquals("", toolStart.get("function").get("arguments").asText());
        JsonNode last = chunks.get(chunks.size() - 2).get("choices").get(0);
        assertTrue(last.get("delta").isEmpty());
        assertEquals("tool_calls", last.get("finish_reason").asText());
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertTrue(usage.get("choices").isEmpty());
        assertEquals(30, usage.get("usage").get("total_tokens").asInt());
        assertEquals(3, usage.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt());
        assertTrue(chunks.get(1).get("usage").isNull(), "other chunks carry usage:null with include_usage");
    }

    @Test
    void noUsageChunkUnlessAsked() {
        List<String> frames = encode(false, TOOLS);
        assertEquals("data: [DONE]\n\n", frames.get(frames.size() - 1));
        for (String f : frames.subList(0, frames.size() - 1)) {
            JsonNode c = json(f);
            assertFalse(c.has("usage"));
            assertEquals(1, c.get("choices").size());
        }
    }

    @Test
    void ownDecoderReproducesTextToolsAndFinish() {
        List<StreamEvent> back = reDecode(encode(true, TOOLS));
        assertEquals("Let me look.", OpenAiStreamDecoderTest.text(back));
        assertEquals(List.of(new StreamEvent.ToolCallStart(0, "toolu_1", "get_weather"),
                new StreamEvent.ToolCallStart(1, "toolu_2", "get_time")),
                OpenAiStreamDecoderTest.of(back, StreamEvent.ToolCallStart.class));
        assertEquals("{\"city\":\"Paris\"}", OpenAiStreamDecoderTest.args(back, 0));
        assertEquals("{}", OpenAiStreamDecoderTest.args(back, 1));
        assertEquals(List.of(new StreamEvent.Finish(FinishReason.TOOL_CALLS)),
                OpenAiStreamDecoderTest.of(back, StreamEvent.Finish.class));
        assertEquals(new TokenCounts(10, 20, 3, 0),
                OpenAiStreamDecoderTest.of(back, StreamEvent.UsageReport.class).get(0).usage());
    }

    @Test
    void realTranscriptsSurviveDecodeThenEncode() {
        for (String f : List.of("openai/stream_text.sse", "openai/stream_parallel_tool_calls.sse",
                "openai/stream_max_tokens_length.sse")) {
            List<StreamEvent> first = Splits.whole(OpenAiStreamDecoder::new, Fixtures.bytes(f));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            encode(true, first).forEach(fr -> all.writeBytes(fr.getBytes(StandardCharsets.UTF_8)));
            List<StreamEvent> second = Splits.whole(OpenAiStreamDecoder::new, all.toByteArray());
            assertEquals(first, second, f);
        }
    }

    @Test
    void robustToForeignEventOrders() {
        // No Start, text after tools, arguments without a start, usage before finish, no Finish at all.
        List<StreamEvent> events = List.of(
                new StreamEvent.UsageReport(new TokenCounts(5, 0), false),
                new StreamEvent.TextDelta("a"),
                new StreamEvent.ToolArgumentsDelta(0, "{\"x\":1}"),
                new StreamEvent.TextDelta("b"));
        List<String> frames = encode(true, events);
        List<StreamEvent> back = reDecode(frames);
        assertEquals("ab", OpenAiStreamDecoderTest.text(back));
        assertEquals("{\"x\":1}", OpenAiStreamDecoderTest.args(back, 0));
        assertEquals(List.of(new StreamEvent.Finish(FinishReason.TOOL_CALLS)),
                OpenAiStreamDecoderTest.of(back, StreamEvent.Finish.class));
        assertEquals(new TokenCounts(5, 0), OpenAiStreamDecoderTest.of(back, StreamEvent.UsageReport.class).get(0)
                .usage());
        // Empty stream: still a role chunk, a stop chunk and [DONE].
        List<String> empty = encode(false, List.of());
        assertEquals(3, empty.size());
        assertEquals("stop", json(empty.get(1)).get("choices").get(0).get("finish_reason").asText());
        // Usage after Finish is still reported; a second Finish is ignored.
        List<String> late = encode(true, List.of(new StreamEvent.TextDelta("x"),
                new StreamEvent.Finish(FinishReason.LENGTH), new StreamEvent.Finish(FinishReason.STOP),
                new StreamEvent.UsageReport(new TokenCounts(1, 2), true)));
        assertEquals(5, late.size());
        assertEquals("length", json(late.get(2)).get("choices").get(0).get("finish_reason").asText());
        assertEquals(3, json(late.get(3)).get("usage").get("total_tokens").asInt());
    }

    @Test
    void errorFrameEndsTheStream() {
        List<String> frames = encode(true, List.of(new StreamEvent.Start("id", "m", null),
                new StreamEvent.TextDelta("par"),
                new StreamEvent.Error(new ApiError(ErrorKind.UNAVAILABLE, 529, "Overloaded", "overloaded_error")),
                new StreamEvent.TextDelta("ignored")));
        assertEquals(3, frames.size());
        JsonNode err = json(frames.get(2)).get("error");
        assertEquals("Overloaded", err.get("message").asText());
        assertEquals("server_error", err.get("type").asText());
        List<StreamEvent> back = reDecode(frames);
        assertEquals(ErrorKind.UNAVAILABLE,
                OpenAiStreamDecoderTest.of(back, StreamEvent.Error.class).get(0).error().kind());
    }
}
