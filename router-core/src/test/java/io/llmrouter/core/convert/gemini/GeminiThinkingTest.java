package io.llmrouter.core.convert.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.ReasoningConfig.Effort;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.Splits;
import io.llmrouter.core.wire.InboundContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Gemini's thoughts and thought signatures on the recorded traffic, and its thinking configuration. */
class GeminiThinkingTest {

    private static final ProtocolCodec CODEC = Codecs.defaults().of(Protocol.GEMINI);
    private static final Key KEY = new Key(Protocol.GEMINI, "https://generativelanguage.googleapis.com", "k");

    private static JsonNode json(byte[] b) {
        return Json.tryParse(new String(b, StandardCharsets.UTF_8));
    }

    private static InboundContext ctx(String model) {
        return InboundContext.gemini(model, false, true);
    }

    @Test
    void thoughtsAndTheirSignatureAreOneReasoningPartBeforeTheText() {
        byte[] recorded = Fixtures.bytes("gemini-extra/response_thinking_thought_parts.json");
        ChatResponse r = CODEC.decodeResponse(recorded);
        ContentPart.Reasoning reasoning = assertInstanceOf(ContentPart.Reasoning.class, r.content().get(0));
        JsonNode parts = json(recorded).at("/candidates/0/content/parts");
        assertEquals(parts.at("/0/text").asText(), reasoning.text());
        assertEquals(parts.at("/1/thoughtSignature").asText(), reasoning.signature());
        assertEquals(Protocol.GEMINI, reasoning.origin());
        assertEquals(parts.at("/1/text").asText(), r.text());
        assertEquals(1001, r.usage().reasoningTokens());

        JsonNode back = json(CODEC.encodeResponse(r, null)).at("/candidates/0/content/parts");
        assertEquals(parts, back, "a Gemini client gets the parts as Gemini sent them");
    }

    @Test
    void aReplayedTurnGoesBackWithItsThoughtAndTheSignatureByteForByte() {
        byte[] replay = Fixtures.bytes("gemini-extra/request_thinking_replay.json");
        ChatRequest request = CODEC.decodeRequest(replay, ctx("gemini-3-pro-preview"));
        assertEquals(new ReasoningConfig(Effort.AUTO, null, true), request.reasoning());
        ContentPart.Reasoning thought = (ContentPart.Reasoning) request.messages().get(1).content().get(0);
        JsonNode sentParts = json(replay).at("/contents/1/parts");
        assertEquals(sentParts.at("/1/thoughtSignature").asText(), thought.signature(),
                "the URL-safe form the SDK sent is kept as it is");

        Drops drops = Drops.recording();
        JsonNode out = json(CODEC.encodeRequest(request, new Outbound("gemini-3-pro-preview", KEY, drops)).body());
        assertEquals(sentParts, out.at("/contents/1/parts"));
        assertEquals(-1, out.at("/generationConfig/thinkingConfig/thinkingBudget").asInt());
        assertTrue(out.at("/generationConfig/thinkingConfig/includeThoughts").asBoolean());
        assertTrue(drops.names().stream().noneMatch(n -> n.contains("thought")), drops.names().toString());
    }

    @Test
    void aSignedFunctionCallStreamsItsSignatureBeforeTheCall() {
        List<StreamEvent> events = Splits.assertSplitInvariant(CODEC::streamDecoder,
                Fixtures.bytes("gemini-extra/stream_function_call_thought_signature.sse"));
        int signature = -1;
        int call = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof StreamEvent.ReasoningSignature s && s.origin() == Protocol.GEMINI) {
                signature = i;
            } else if (events.get(i) instanceof StreamEvent.ToolCallStart && call < 0) {
                call = i;
            }
        }
        assertTrue(signature >= 0 && signature < call, events.toString());
        assertEquals(new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING), events.get(signature + 1));

        // Re-encoded for a Gemini client: the signature is on the functionCall part again.
        StreamEncoder encoder = CODEC.streamEncoder(null, ctx("gemini-3-pro-preview"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(e -> encoder.encode(e, out::writeBytes));
        encoder.end(out::writeBytes);
        String sse = out.toString(StandardCharsets.UTF_8);
        String recordedSignature = ((StreamEvent.ReasoningSignature) events.get(signature)).signature();
        assertTrue(sse.contains("\"thoughtSignature\":\"" + recordedSignature + "\""), sse);
        JsonNode first = Json.tryParse(sse.split("\r\n\r\n")[0].substring("data: ".length()));
        assertTrue(first.at("/candidates/0/content/parts/0/functionCall").isObject(), first.toString());
        assertEquals(recordedSignature, first.at("/candidates/0/content/parts/0/thoughtSignature").asText());
    }

    @Test
    void streamedThoughtsAreReasoningDeltas() {
        List<StreamEvent> events = Splits.assertSplitInvariant(CODEC::streamDecoder,
                Fixtures.bytes("gemini-extra/stream_thinking.sse"));
        assertTrue(events.stream().anyMatch(e -> e instanceof StreamEvent.ReasoningDelta d
                && d.text().startsWith("**Clarifying User Goals**")), events.toString());
        assertTrue(events.stream().anyMatch(StreamEvent.ReasoningSignature.class::isInstance));
        int firstText = events.stream().filter(StreamEvent.TextDelta.class::isInstance).findFirst()
                .map(events::indexOf).orElseThrow();
        int stop = events.indexOf(new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING));
        assertTrue(stop >= 0 && stop < firstText, "the thoughts end before the answer's text");
    }

    @Test
    void anotherProvidersReasoningNeverReachesGeminiButTheBypassDoes() {
        ChatRequest loop = ChatRequest.builder().model("m").reasoning(ReasoningConfig.of(Effort.HIGH))
                .messages(List.of(Message.text(Role.USER, "Weather?"), new Message(Role.ASSISTANT, List.of(
                        ContentPart.Reasoning.signed("thinking", "anthropic-sig", Protocol.ANTHROPIC),
                        new ContentPart.ToolCall("c1", "get_weather", "{}"))),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("c1", "get_weather", "sunny",
                                false))))).build();
        Drops drops = Drops.forAttempt(false, Codecs.defaults().of(Protocol.ANTHROPIC)::fieldName);
        JsonNode out = json(CODEC.encodeRequest(loop, new Outbound("gemini-3-flash", KEY, drops)).body());
        assertEquals(1, out.at("/contents/1/parts").size(), out.toString());
        assertEquals("skip_thought_signature_validator", out.at("/contents/1/parts/0/thoughtSignature").asText());
        assertEquals("high", out.at("/generationConfig/thinkingConfig/thinkingLevel").asText());
        assertEquals(Set.of("messages[].content[]=thinking"), drops.names());

        JsonNode budget = json(CODEC.encodeRequest(loop.toBuilder().reasoning(ReasoningConfig.budget(3000)).build(),
                "gemini-2.5-flash", KEY).body());
        assertEquals(3000, budget.at("/generationConfig/thinkingConfig/thinkingBudget").asInt());
        JsonNode off = json(CODEC.encodeRequest(loop.toBuilder().reasoning(ReasoningConfig.of(Effort.NONE)).build(),
                "gemini-2.5-flash", KEY).body());
        assertEquals(0, off.at("/generationConfig/thinkingConfig/thinkingBudget").asInt());
        JsonNode pro = json(CODEC.encodeRequest(loop.toBuilder().reasoning(ReasoningConfig.of(Effort.MEDIUM)).build(),
                "gemini-3-pro-preview", KEY).body());
        assertEquals("high", pro.at("/generationConfig/thinkingConfig/thinkingLevel").asText(),
                "Gemini 3 Pro knows only low and high");
    }
}
