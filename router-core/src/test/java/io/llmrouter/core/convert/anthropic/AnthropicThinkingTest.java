package io.llmrouter.core.convert.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.ReasoningConfig.Effort;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
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
import io.llmrouter.core.wire.UpstreamRequest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Anthropic's thinking on the recorded traffic: blocks, signatures, redacted thinking, configuration and its rules. */
class AnthropicThinkingTest {

    private static final ProtocolCodec CODEC = Codecs.defaults().of(Protocol.ANTHROPIC);
    private static final Key KEY = new Key(Protocol.ANTHROPIC, "https://api.anthropic.com", "k");

    private static String recordedSignature() {
        return Json.tryParse(Fixtures.text("anthropic-extra/response_thinking_text_tool_use.json"))
                .at("/content/0/signature").asText();
    }

    private static JsonNode body(UpstreamRequest request) {
        return Json.tryParse(new String(request.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aThinkingAnswerKeepsItsSignatureByteForByteBackToAnAnthropicClient() {
        ChatResponse r = CODEC.decodeResponse(Fixtures.bytes("anthropic-extra/response_thinking_text_tool_use.json"));
        ContentPart.Reasoning thinking = assertInstanceOf(ContentPart.Reasoning.class, r.content().get(0));
        assertEquals(recordedSignature(), thinking.signature());
        assertEquals(Protocol.ANTHROPIC, thinking.origin());
        assertTrue(thinking.text().startsWith("The user is asking about the largest city"));
        assertEquals(1, r.toolCalls().size());

        JsonNode reencoded = Json.tryParse(new String(CODEC.encodeResponse(r, null),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("thinking", reencoded.at("/content/0/type").asText());
        assertEquals(recordedSignature(), reencoded.at("/content/0/signature").asText());
        assertEquals(thinking.text(), reencoded.at("/content/0/thinking").asText());
    }

    @Test
    void redactedThinkingTravelsAsItsData() {
        ChatResponse r = CODEC.decodeResponse(Fixtures.bytes("anthropic-extra/response_redacted_thinking.json"));
        ContentPart.Reasoning redacted = assertInstanceOf(ContentPart.Reasoning.class, r.content().get(0));
        assertTrue(redacted.redacted());
        assertEquals(Json.tryParse(Fixtures.text("anthropic-extra/response_redacted_thinking.json"))
                .at("/content/0/data").asText(), redacted.signature());
        assertEquals("", redacted.text());

        ChatRequest replay = CODEC.decodeRequest(Fixtures.bytes("anthropic-extra/request_redacted_thinking_replay.json"),
                InboundContext.BODY_ONLY);
        ContentPart.Reasoning replayed = (ContentPart.Reasoning) replay.messages().get(1).content().get(0);
        assertTrue(replayed.redacted());
        JsonNode sent = body(CODEC.encodeRequest(replay, "claude-sonnet-4-5", KEY));
        assertEquals("redacted_thinking", sent.at("/messages/1/content/0/type").asText());
        assertEquals(replayed.signature(), sent.at("/messages/1/content/0/data").asText());
    }

    @Test
    void streamedThinkingIsAReasoningBlockWithItsSignature() {
        List<StreamEvent> events = Splits.assertSplitInvariant(CODEC::streamDecoder,
                Fixtures.bytes("anthropic-extra/stream_thinking_tool_use.sse"));
        StringBuilder text = new StringBuilder();
        List<StreamEvent.ReasoningSignature> signatures = new ArrayList<>();
        int stop = -1;
        int toolStart = -1;
        for (int i = 0; i < events.size(); i++) {
            StreamEvent e = events.get(i);
            if (e instanceof StreamEvent.ReasoningDelta d) {
                text.append(d.text());
            } else if (e instanceof StreamEvent.ReasoningSignature s) {
                signatures.add(s);
            } else if (e instanceof StreamEvent.BlockStop b && b.toolIndex() == StreamEvent.BlockStop.REASONING) {
                stop = i;
            } else if (e instanceof StreamEvent.ToolCallStart && toolStart < 0) {
                toolStart = i;
            }
        }
        assertTrue(text.toString().startsWith("The user wants me to:\n1. Use the fixed_version tool"), text.toString());
        assertEquals(1, signatures.size());
        assertTrue(signatures.get(0).signature().startsWith("EoQDCm0IDhgCKkCDzGs2kL2PgnDCZU"));
        assertEquals(Protocol.ANTHROPIC, signatures.get(0).origin());
        assertTrue(stop > 0 && stop < toolStart, "the reasoning block closes before the tool call starts");

        List<StreamEvent> redacted = Splits.assertSplitInvariant(CODEC::streamDecoder,
                Fixtures.bytes("anthropic-extra/stream_redacted_thinking.sse"));
        assertTrue(redacted.stream().anyMatch(e -> e instanceof StreamEvent.ReasoningSignature s && s.redacted()),
                redacted.toString());
    }

    @Test
    void anAnthropicClientsStreamCarriesThinkingAndSignatureAsAnthropicWritesThem() {
        List<StreamEvent> recorded = Splits.whole(CODEC::streamDecoder,
                Fixtures.bytes("anthropic-extra/stream_thinking_tool_use.sse"));
        StreamEncoder encoder = CODEC.streamEncoder(null, InboundContext.BODY_ONLY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        recorded.forEach(e -> encoder.encode(e, out::writeBytes));
        encoder.end(out::writeBytes);

        List<StreamEvent> again = Splits.whole(CODEC::streamDecoder, out.toByteArray());
        assertEquals(reasoning(recorded), reasoning(again), "thinking text, signature and block end survive");
        assertTrue(out.toString().contains("\"type\":\"signature_delta\""));
    }

    private static List<StreamEvent> reasoning(List<StreamEvent> events) {
        return events.stream().filter(e -> e instanceof StreamEvent.ReasoningSignature
                || e instanceof StreamEvent.BlockStop b && b.toolIndex() == StreamEvent.BlockStop.REASONING).toList();
    }

    @Test
    void aReplayedToolLoopGoesBackWithTheThinkingBlockFirstAndTheBudgetAsked() {
        ChatRequest replay = CODEC.decodeRequest(
                Fixtures.bytes("anthropic-extra/request_thinking_replay_tool_result.json"), InboundContext.BODY_ONLY);
        assertEquals(3000, replay.reasoning().budgetTokens());
        ContentPart.Reasoning thinking = (ContentPart.Reasoning) replay.messages().get(1).content().get(0);
        assertEquals(recordedSignature(), thinking.signature());

        Drops drops = Drops.recording();
        JsonNode sent = body(CODEC.encodeRequest(replay, new Outbound("claude-sonnet-4-0", KEY, drops)));
        assertEquals("enabled", sent.at("/thinking/type").asText());
        assertEquals(3000, sent.at("/thinking/budget_tokens").asInt());
        assertEquals("thinking", sent.at("/messages/1/content/0/type").asText());
        assertEquals(recordedSignature(), sent.at("/messages/1/content/0/signature").asText());
        assertTrue(drops.isEmpty(), drops.names().toString());
    }

    private static ChatRequest toolLoop(ContentPart first, ReasoningConfig reasoning) {
        List<ContentPart> assistant = new ArrayList<>();
        if (first != null) {
            assistant.add(first);
        }
        assistant.add(new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
        return ChatRequest.builder().model("m").reasoning(reasoning).maxTokens(8000)
                .tools(List.of(new ToolDefinition("get_weather", null, null)))
                .messages(List.of(Message.text(Role.USER, "Weather?"), new Message(Role.ASSISTANT, assistant),
                        new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_1", "get_weather", "sunny",
                                false))))).build();
    }

    @Test
    void aToolContinuationAnthropicDidNotSignGoesWithoutThinking() {
        ReasoningConfig high = ReasoningConfig.of(Effort.HIGH);
        Drops foreign = Drops.forAttempt(false, Codecs.defaults().of(Protocol.OPENAI)::fieldName);
        JsonNode unsigned = body(CODEC.encodeRequest(toolLoop(ContentPart.Reasoning.signed("thought", "g-sig",
                Protocol.GEMINI), high), new Outbound("claude-sonnet-4-5", KEY, foreign)));
        assertTrue(unsigned.path("thinking").isMissingNode(), unsigned.toString());
        assertEquals(Set.of("messages[].reasoning_content", "reasoning_effort"), foreign.names());
        assertEquals("tool_use", unsigned.at("/messages/1/content/0/type").asText(),
                "another provider's reasoning never reaches Anthropic");

        Drops own = Drops.recording();
        UpstreamRequest signed = CODEC.encodeRequest(toolLoop(ContentPart.Reasoning.signed("thought", "a-sig",
                Protocol.ANTHROPIC), high), new Outbound("claude-sonnet-4-5", KEY, own));
        JsonNode sent = body(signed);
        assertEquals(4096, sent.at("/thinking/budget_tokens").asInt());
        assertEquals("a-sig", sent.at("/messages/1/content/0/signature").asText());
        assertEquals(AnthropicThinking.INTERLEAVED_BETA, signed.headers().get("anthropic-beta"),
                "budget thinking between tool calls is Anthropic's interleaved-thinking beta");
        assertTrue(own.isEmpty());
    }

    @Test
    void thinkingFollowsTheModelsModeAndAnthropicsConstraints() {
        ChatRequest plain = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "Hi")))
                .reasoning(ReasoningConfig.of(Effort.MAX)).temperature(0.3).topK(5).build();
        Drops drops = Drops.recording();
        JsonNode adaptive = body(CODEC.encodeRequest(plain, new Outbound("claude-opus-4-6", KEY, drops)));
        assertEquals("adaptive", adaptive.at("/thinking/type").asText());
        assertEquals("max", adaptive.at("/output_config/effort").asText());
        assertTrue(adaptive.path("temperature").isMissingNode());
        assertTrue(adaptive.path("top_k").isMissingNode());
        assertEquals(Set.of("temperature", "top_k"), drops.names());

        JsonNode budget = body(CODEC.encodeRequest(plain.toBuilder().temperature(null).topK(null).build(),
                "claude-sonnet-4-5", KEY));
        assertEquals(16384, budget.at("/thinking/budget_tokens").asInt());
        assertEquals(16384 + 4096, budget.path("max_tokens").asInt(), "the answer keeps the default room");

        Drops small = Drops.recording();
        JsonNode tooSmall = body(CODEC.encodeRequest(plain.toBuilder().maxTokens(1000).temperature(null).topK(null)
                .build(), new Outbound("claude-sonnet-4-5", KEY, small)));
        assertTrue(tooSmall.path("thinking").isMissingNode(), "no budget fits below 1024 output tokens");
        assertEquals(Set.of("reasoning_effort"), small.names());

        Drops forced = Drops.recording();
        JsonNode named = body(CODEC.encodeRequest(plain.toBuilder().temperature(null).topK(null)
                .tools(List.of(new ToolDefinition("f", null, null))).toolChoice(ToolChoice.named("f")).build(),
                new Outbound("claude-sonnet-4-5", KEY, forced)));
        assertTrue(named.path("thinking").isMissingNode(), "Anthropic refuses thinking with a forced tool");
        assertEquals(Set.of("reasoning_effort"), forced.names());

        JsonNode off = body(CODEC.encodeRequest(plain.toBuilder().reasoning(ReasoningConfig.of(Effort.NONE))
                .build(), "claude-sonnet-4-5", KEY));
        assertTrue(off.path("thinking").isMissingNode());
        assertEquals(0.3, off.path("temperature").asDouble());
    }

    @Test
    void aForwardedBodyLosesOnlyWhatAnthropicWouldRefuse() {
        ObjectNode body = (ObjectNode) Json.tryParse(Fixtures.text(
                "anthropic-extra/request_thinking_replay_tool_result.json"));
        ((ObjectNode) body.at("/messages/1/content/0")).put("signature", "");
        ChatRequest decoded = CODEC.decodeRequest(body.deepCopy(), InboundContext.BODY_ONLY);
        Drops drops = Drops.recording();
        JsonNode sent = body(CODEC.passthroughRequest(body, decoded, new Outbound("claude-sonnet-4-0", KEY, drops)));
        assertNull(sent.get("thinking"), "a tool continuation without its signed block goes without thinking");
        assertEquals("text", sent.at("/messages/1/content/0/type").asText());
        assertEquals(Set.of("messages[].content[]=thinking", "thinking"), drops.names());

        ObjectNode intact = (ObjectNode) Json.tryParse(Fixtures.text(
                "anthropic-extra/request_thinking_replay_tool_result.json"));
        Drops none = Drops.recording();
        JsonNode kept = body(CODEC.passthroughRequest(intact, decoded, new Outbound("claude-sonnet-4-0", KEY, none)));
        assertEquals("enabled", kept.at("/thinking/type").asText());
        assertTrue(none.isEmpty());
        assertFalse(kept.at("/messages/1/content/0/signature").asText().isEmpty());
    }
}
