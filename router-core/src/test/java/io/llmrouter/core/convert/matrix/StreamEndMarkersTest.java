package io.llmrouter.core.convert.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.testing.FaultedDecode;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.Splits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every upstream protocol's stream decoder verifies what it reads: a recorded stream is taken whole; the same stream
 * cut just before its protocol's end marker, a frame that is not JSON, an empty body, and a frame over the limits are
 * each refused with the fault that says so, never turned into a normal stop.
 */
class StreamEndMarkersTest {

    /** A recorded stream of the protocol, and the text where its end marker begins. */
    private record Recorded(String fixture, String endMarker, boolean ndjson) {

        static Recorded of(Protocol p) {
            return switch (p) {
                case OPENAI, AZURE_OPENAI -> new Recorded("openai/stream_text.sse", "\"finish_reason\":\"stop\"", false);
                case ANTHROPIC -> new Recorded("anthropic/stream_text.sse", "event: message_delta", false);
                case GEMINI -> new Recorded("gemini/stream_text.sse", "\"finishReason\"", false);
                case COHERE -> new Recorded("cohere/v1/stream_text.ndjson", "\"event_type\":\"stream-end\"", true);
                case COHERE_V2 -> new Recorded("cohere/v2/stream_text.sse", "event: message-end", false);
                case OPENAI_RESPONSES -> new Recorded("openai-responses/stream_text.sse", "event: response.completed",
                        false);
            };
        }

        String whole() {
            return Fixtures.text(fixture);
        }

        /** The stream up to the start of the line that holds the end marker. */
        String cut() {
            String text = whole();
            int marker = text.indexOf(endMarker);
            assertTrue(marker > 0, fixture + " has " + endMarker);
            return text.substring(0, text.lastIndexOf('\n', marker) + 1);
        }

        /** The stream with a line of HTML where its second frame begins. */
        String withGarbage() {
            String text = whole();
            Matcher end = Pattern.compile(ndjson ? "\r?\n" : "\r?\n\r?\n").matcher(text);
            assertTrue(end.find());
            return text.substring(0, end.end()) + (ndjson ? "<html>\n" : "data: <html>\n\n")
                    + text.substring(end.end());
        }
    }

    private static ProtocolCodec codec(Protocol p) {
        return ConversionPath.CODECS.of(p);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aRecordedStreamEndsWithItsFinish(Protocol p) {
        List<StreamEvent> events = Splits.whole(codec(p)::streamDecoder, bytes(Recorded.of(p).whole()));
        assertTrue(events.stream().anyMatch(StreamEvent.Finish.class::isInstance), events.toString());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aStreamCutBeforeItsEndMarkerIsTruncatedNotStopped(Protocol p) {
        Recorded r = Recorded.of(p);
        String cut = r.cut();
        // Split anywhere, the verdict is the same.
        for (int at : new int[] {1, cut.length() / 2, cut.length() - 1}) {
            FaultedDecode d = FaultedDecode.of(codec(p).streamDecoder(), bytes(cut.substring(0, at)),
                    bytes(cut.substring(at)));
            assertEquals(UpstreamFault.Kind.TRUNCATED, d.kind(), p + " cut at " + at);
            assertTrue(d.events().stream().noneMatch(e -> e instanceof StreamEvent.Finish
                    || e instanceof StreamEvent.Error), "no invented stop: " + d.events());
            assertTrue(d.events().stream().anyMatch(StreamEvent.TextDelta.class::isInstance),
                    "what came before the cut was read: " + d.events());
        }
    }

    /** message_delta carries Anthropic's stop_reason, but only message_stop ends its stream. */
    @Test
    void anAnthropicStreamWithoutMessageStopIsTruncatedEvenAfterItsStopReason() {
        String text = Recorded.of(Protocol.ANTHROPIC).whole();
        FaultedDecode d = FaultedDecode.of(codec(Protocol.ANTHROPIC).streamDecoder(),
                bytes(text.substring(0, text.indexOf("event: message_stop"))));
        assertEquals(UpstreamFault.Kind.TRUNCATED, d.kind());
        assertEquals("Anthropic stream ended without message_stop", d.fault().getMessage());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aFrameThatIsNotJsonIsUndecodable(Protocol p) {
        FaultedDecode d = FaultedDecode.of(codec(p).streamDecoder(), bytes(Recorded.of(p).withGarbage()));
        assertEquals(UpstreamFault.Kind.UNDECODABLE, d.kind());
        assertTrue(d.fault().getMessage().endsWith("is not a JSON object (6 characters)"), d.fault().getMessage());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void anEmptyBodyIsTruncated(Protocol p) {
        FaultedDecode d = FaultedDecode.of(codec(p).streamDecoder());
        assertEquals(UpstreamFault.Kind.TRUNCATED, d.kind());
        assertEquals(List.of(), d.events());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aFrameOverTheLimitsIsRefused(Protocol p) {
        Recorded r = Recorded.of(p);
        // Room for no recorded frame: SSE events are held by the event limit, an NDJSON event is one line.
        FrameLimits tight = r.ndjson() ? new FrameLimits(64, 1 << 20) : new FrameLimits(1 << 20, 64);
        FaultedDecode d = FaultedDecode.of(codec(p).streamDecoder(tight), bytes(r.whole()));
        assertEquals(r.ndjson() ? UpstreamFault.Kind.LINE_TOO_LONG : UpstreamFault.Kind.EVENT_TOO_LARGE, d.kind());
        assertEquals(List.of(), d.events());
    }

    /** Gemini's bare JSON (an error after the 200, the JSON-array form) is held by the event limit too. */
    @Test
    void aBareGeminiObjectThatNeverClosesIsRefusedAtTheEventLimit() {
        StreamDecoder decoder = codec(Protocol.GEMINI).streamDecoder(new FrameLimits(1 << 20, 1_000));
        decoder.feed(bytes("[{\n"), e -> { });
        UpstreamFault fault = null;
        int lines = 0;
        while (fault == null && lines < 10_000) {
            try {
                decoder.feed(bytes("  \"candidates\": [{\"content\": {\"parts\": [{\"text\": \"more\"}]}}],\n"),
                        e -> { });
                lines++;
            } catch (UpstreamFault f) {
                fault = f;
            }
        }
        assertTrue(fault != null && fault.kind() == UpstreamFault.Kind.EVENT_TOO_LARGE, "refused: " + fault);
        assertTrue(lines < 20, "refused near 1000 bytes, after " + lines + " lines");
    }
}
