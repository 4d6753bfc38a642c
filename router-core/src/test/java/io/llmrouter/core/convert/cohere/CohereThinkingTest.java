package io.llmrouter.core.convert.cohere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.ReasoningConfig.Effort;
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

/** Cohere v2's thinking content and configuration, on the recorded traffic; v1 has none. */
class CohereThinkingTest {

    private static final ProtocolCodec V2 = Codecs.defaults().of(Protocol.COHERE_V2);
    private static final Key KEY = new Key(Protocol.COHERE_V2, "https://api.cohere.com", "k");

    private static JsonNode json(byte[] b) {
        return Json.tryParse(new String(b, StandardCharsets.UTF_8));
    }

    @Test
    void thinkingContentIsReasoningBeforeTheAnswer() {
        ChatResponse r = V2.decodeResponse(Fixtures.bytes("cohere-extra/response_thinking_tool_call.json"));
        ContentPart.Reasoning thinking = assertInstanceOf(ContentPart.Reasoning.class, r.content().get(0));
        assertEquals(json(Fixtures.bytes("cohere-extra/response_thinking_tool_call.json"))
                .at("/message/content/0/thinking").asText(), thinking.text());
        assertEquals(1, r.toolCalls().size());

        JsonNode back = json(V2.encodeResponse(r, null));
        assertEquals("thinking", back.at("/message/content/0/type").asText());
        assertEquals(thinking.text(), back.at("/message/content/0/thinking").asText());
    }

    @Test
    void aReplayedThinkingTurnGoesBackAsThinkingContent() {
        byte[] replay = Fixtures.bytes("cohere-extra/request_thinking_replay.json");
        ChatRequest request = V2.decodeRequest(replay, InboundContext.BODY_ONLY);
        Drops drops = Drops.recording();
        JsonNode sent = json(V2.encodeRequest(request, new Outbound("command-a-reasoning-08-2025", KEY, drops))
                .body());
        JsonNode recorded = json(replay);
        int assistant = 0;
        while (!"assistant".equals(recorded.at("/messages/" + assistant + "/role").asText())) {
            assistant++;
        }
        assertEquals(recorded.at("/messages/" + assistant + "/content/0/thinking").asText(),
                sent.at("/messages/" + assistant + "/content/0/thinking").asText());
        assertTrue(drops.isEmpty(), drops.names().toString());

        // Anthropic's signed reasoning reaches Cohere as its text: Cohere checks no signature.
        ChatRequest foreign = request.toBuilder().messages(List.of(request.messages().get(0),
                new io.llmrouter.api.chat.Message(io.llmrouter.api.chat.Role.ASSISTANT, List.of(
                        ContentPart.Reasoning.signed("Pondering.", "sig", Protocol.ANTHROPIC),
                        new ContentPart.Text("Done."))), request.messages().get(request.messages().size() - 1)))
                .build();
        JsonNode out = json(V2.encodeRequest(foreign, "m", KEY).body());
        assertEquals("Pondering.", out.at("/messages/1/content/0/thinking").asText());
        assertEquals("Done.", out.at("/messages/1/content/1/text").asText());
    }

    @Test
    void reasoningConfigurationBothWays() {
        ChatRequest asked = V2.decodeRequest(("{\"model\":\"m\",\"thinking\":{\"type\":\"enabled\",\"token_budget\":"
                + "2000},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8),
                InboundContext.BODY_ONLY);
        assertEquals(ReasoningConfig.budget(2000), asked.reasoning());
        JsonNode high = json(V2.encodeRequest(asked.toBuilder().reasoning(ReasoningConfig.of(Effort.HIGH)).build(),
                "m", KEY).body());
        assertEquals("enabled", high.at("/thinking/type").asText());
        assertEquals(4096, high.at("/thinking/token_budget").asInt());
        assertEquals("disabled", json(V2.encodeRequest(asked.toBuilder().reasoning(ReasoningConfig.of(Effort.NONE))
                .build(), "m", KEY).body()).at("/thinking/type").asText());

        Drops v1 = Drops.recording();
        Codecs.defaults().of(Protocol.COHERE).encodeRequest(asked, new Outbound("command-r",
                new Key(Protocol.COHERE, "https://api.cohere.com", "k"), v1));
        assertEquals(Set.of("reasoning_effort"), v1.names(), "Cohere v1 has no reasoning setting");
    }

    @Test
    void thinkingStreamsAsAThinkingContentBlock() {
        StreamEncoder encoder = V2.streamEncoder(null, InboundContext.BODY_ONLY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StreamEvent e : List.of(new StreamEvent.Start("id", "m", null), new StreamEvent.ReasoningDelta("Hmm."),
                new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING), new StreamEvent.TextDelta("Hi"),
                new StreamEvent.Finish(io.llmrouter.api.chat.FinishReason.STOP))) {
            encoder.encode(e, out::writeBytes);
        }
        encoder.end(out::writeBytes);
        List<StreamEvent> again = Splits.assertSplitInvariant(V2::streamDecoder, out.toByteArray());
        assertEquals(List.of(new StreamEvent.ReasoningDelta("Hmm."),
                new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING), new StreamEvent.TextDelta("Hi")),
                again.subList(1, 4), again.toString());
    }
}
