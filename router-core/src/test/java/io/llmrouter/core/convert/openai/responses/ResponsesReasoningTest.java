package io.llmrouter.core.convert.openai.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.Splits;
import io.llmrouter.core.wire.InboundContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reasoning through the Responses codec: effort, reasoning items and their encrypted content, both directions. */
class ResponsesReasoningTest {

    private static final ProtocolCodec CODEC = Codecs.defaults().of(Protocol.OPENAI_RESPONSES);
    private static final Key KEY = new Key(Protocol.OPENAI_RESPONSES, "https://api.example.com", "k");

    private static JsonNode fixture(String name) {
        return Json.parseObject(Fixtures.bytes("openai-responses/" + name), name);
    }

    @Test
    void effortSummaryAndMetadataDecode() {
        ChatRequest r = CODEC.decodeRequest(Fixtures.bytes("openai-responses/request_reasoning_summary.json"),
                InboundContext.BODY_ONLY);
        assertEquals(new ReasoningConfig(ReasoningConfig.Effort.XHIGH, null, true), r.reasoning());
        ChatRequest m = CODEC.decodeRequest(("{\"model\":\"m\",\"input\":\"x\",\"metadata\":{\"team\":\"a\"},"
                + "\"reasoning\":{\"effort\":\"none\"}}").getBytes(StandardCharsets.UTF_8), InboundContext.BODY_ONLY);
        assertEquals(Map.of("team", "a"), m.metadata());
        assertTrue(m.reasoning().off());
    }

    @Test
    void aReplayedReasoningItemKeepsItsEncryptedContentAndId() {
        JsonNode item = fixture("request_instructions_multi_item_tool_loop.json").path("input").path(1);
        ChatRequest r = CODEC.decodeRequest(Fixtures.bytes("openai-responses/request_instructions_multi_item_tool_loop.json"),
                InboundContext.BODY_ONLY);
        ContentPart first = r.messages().get(1).content().get(0);
        assertEquals(new ContentPart.Reasoning("", item.path("encrypted_content").asText(), false,
                Protocol.OPENAI_RESPONSES, item.path("id").asText()), first);
    }

    @Test
    void reasoningGoesUpstreamOnlyAsOpenAisOwn() {
        ContentPart.Reasoning own = new ContentPart.Reasoning("Plan.", "gAAA", false, Protocol.OPENAI_RESPONSES,
                "rs_1");
        ContentPart.Reasoning foreign = ContentPart.Reasoning.signed("Claude thought", "sig", Protocol.ANTHROPIC);
        ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "q"),
                new Message(Role.ASSISTANT, List.of(own, new ContentPart.Text("a"))),
                new Message(Role.ASSISTANT, List.of(foreign, new ContentPart.Text("b"))),
                Message.text(Role.USER, "q2"))).reasoning(ReasoningConfig.of(ReasoningConfig.Effort.HIGH))
                .metadata(Map.of("k", "v")).build();
        ObjectNode body = Json.parseObject(CODEC.encodeRequest(request, "o4-mini", KEY).body(), "b");
        JsonNode input = body.path("input");
        assertEquals(Json.tryParse("{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[{\"type\":\"summary_text\","
                + "\"text\":\"Plan.\"}],\"encrypted_content\":\"gAAA\"}"), input.path(1));
        assertEquals(5, input.size(), "the other provider's reasoning stays out: " + input);
        assertFalse(input.toString().contains("Claude thought"));
        assertEquals(Json.tryParse("{\"effort\":\"high\",\"summary\":\"auto\"}"), body.path("reasoning"));
        assertEquals(Json.tryParse("[\"reasoning.encrypted_content\"]"), body.path("include"));
        assertEquals("v", body.path("metadata").path("k").asText());
    }

    @Test
    void aBudgetBecomesTheNearestEffort() {
        for (Object[] c : new Object[][] {{0, "none"}, {1024, "low"}, {2048, "medium"}, {4096, "high"},
                {32000, "high"}}) {
            ChatRequest r = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "q")))
                    .reasoning(ReasoningConfig.budget((Integer) c[0])).build();
            JsonNode body = Json.parseObject(CODEC.encodeRequest(r, "o3", KEY).body(), "b");
            assertEquals(c[1], body.path("reasoning").path("effort").asText(), "budget " + c[0]);
        }
    }

    @Test
    void openAiModelsThatDoNotReasonGetNoReasoningParameters() {
        Key openai = new Key(Protocol.OPENAI_RESPONSES, "https://api.openai.com/v1", "k");
        ChatRequest r = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "q")))
                .reasoning(ReasoningConfig.of(ReasoningConfig.Effort.LOW)).build();
        JsonNode chat = Json.parseObject(CODEC.encodeRequest(r, "gpt-4o", openai).body(), "b");
        assertFalse(chat.has("reasoning"));
        assertEquals(0, chat.path("include").size());
        JsonNode reasoning = Json.parseObject(CODEC.encodeRequest(r, "gpt-5-mini", openai).body(), "b");
        assertEquals("low", reasoning.path("reasoning").path("effort").asText());
    }

    @Test
    void recordedReasoningItemsDecode() {
        ChatResponse r = CODEC.decodeResponse(Fixtures.bytes("openai-responses/response_reasoning_encrypted_content.json"));
        JsonNode item = fixture("response_reasoning_encrypted_content.json").path("output").path(0);
        ContentPart.Reasoning reasoning = r.reasoning().get(0);
        assertEquals(item.path("encrypted_content").asText(), reasoning.signature(), "byte for byte");
        assertEquals(Protocol.OPENAI_RESPONSES, reasoning.origin());
        assertEquals(item.path("id").asText(), reasoning.id());
        ChatResponse summary = CODEC.decodeResponse(Fixtures.bytes("openai-responses/response_reasoning_summary.json"));
        assertTrue(summary.reasoning().get(0).text().length() > 20, summary.reasoning().toString());
        assertTrue(summary.content().get(0) instanceof ContentPart.Reasoning, "reasoning comes first");
    }

    @Test
    void aResponsesClientGetsTextAndOnlyOpenAisEncryptedContent() {
        ChatResponse answer = new ChatResponse("resp_1", "m", List.of(
                new ContentPart.Reasoning("Thinking", "gAAA", false, Protocol.OPENAI_RESPONSES, "rs_up"),
                ContentPart.Reasoning.signed("Claude's", "sig", Protocol.ANTHROPIC),
                ContentPart.Reasoning.signed("", "gemini-sig", Protocol.GEMINI),
                new ContentPart.Text("Hi")), FinishReason.STOP, null);
        JsonNode output = Json.parseObject(CODEC.encodeResponse(answer, null), "r").path("output");
        assertEquals(Json.tryParse("{\"id\":\"rs_up\",\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\","
                + "\"text\":\"Thinking\"}],\"encrypted_content\":\"gAAA\"}"), output.path(0));
        assertEquals(Json.tryParse("{\"id\":\"rs_1_1\",\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\","
                + "\"text\":\"Claude's\"}]}"), output.path(1));
        assertEquals(3, output.size(), "a signature alone of another provider is no item: " + output);
        assertEquals("message", output.path(2).path("type").asText());

        ChatRequest hidden = ChatRequest.builder().model("m")
                .reasoning(new ReasoningConfig(ReasoningConfig.Effort.LOW, null, false)).build();
        JsonNode withheld = Json.parseObject(CODEC.encodeResponse(answer, hidden), "r").path("output");
        assertEquals(Json.tryParse("[]"), withheld.path(0).path("summary"), "text withheld on request");
        assertEquals("gAAA", withheld.path(0).path("encrypted_content").asText());
        assertEquals(2, withheld.size());
    }

    // ---- streams -----------------------------------------------------------------------------------------------

    @Test
    void aStreamedReasoningItemTakesItsEncryptedContentFromItsDoneEvent() {
        String sse = Fixtures.text("openai-responses/stream_reasoning_text_function_call.sse");
        List<StreamEvent> events = Splits.whole(CODEC::streamDecoder, sse.getBytes(StandardCharsets.UTF_8));
        JsonNode done = null;
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && line.contains("\"response.output_item.done\"")
                    && line.contains("\"reasoning\"")) {
                done = Json.tryParse(line.substring(6));
            }
        }
        String blob = done.path("item").path("encrypted_content").asText();
        assertEquals(List.of(new StreamEvent.ReasoningSignature(blob, false, Protocol.OPENAI_RESPONSES),
                new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING)), events.subList(1, 3));
        assertFalse(sse.substring(0, sse.indexOf("response.output_item.done")).contains(blob),
                "the added event carries another blob");
    }

    @Test
    void summaryPartsAreJoinedByBlankLines() {
        List<StreamEvent> events = Splits.whole(CODEC::streamDecoder,
                Fixtures.bytes("openai-responses/stream_reasoning_summary.sse"));
        List<String> deltas = events.stream().filter(StreamEvent.ReasoningDelta.class::isInstance)
                .map(e -> ((StreamEvent.ReasoningDelta) e).text()).toList();
        assertEquals(3, deltas.stream().filter(d -> d.startsWith("\n\n")).count(), "four summary parts, three breaks");
        assertTrue(events.contains(new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING)));
    }

    @Test
    void theRecordedReasoningStreamReEncodesToTheSameEvents() {
        String fixture = "openai-responses/stream_reasoning_text_function_call.sse";
        List<StreamEvent> events = Splits.whole(CODEC::streamDecoder, Fixtures.bytes(fixture));
        String encoded = encode(events, ChatRequest.builder().model("m").stream(true).build());
        assertEquals(types(Fixtures.text(fixture)), types(encoded));
        List<StreamEvent> again = Splits.whole(CODEC::streamDecoder, encoded.getBytes(StandardCharsets.UTF_8));
        assertEquals(events.get(1), again.get(1), "the encrypted content reaches a Responses client unchanged");
    }

    @Test
    void reasoningTextStreamsAsASummary() {
        String encoded = encode(List.of(new StreamEvent.Start("r", "m", null), new StreamEvent.ReasoningDelta("Hm"),
                new StreamEvent.ReasoningDelta("m."), new StreamEvent.ReasoningSignature("sig", false,
                        Protocol.ANTHROPIC), new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING),
                new StreamEvent.ReasoningSignature("g-sig", false, Protocol.GEMINI),
                new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING),
                new StreamEvent.TextDelta("Hi")), ChatRequest.builder().model("m").build());
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
                "response.reasoning_summary_part.done", "response.output_item.done", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed"), types(encoded));
        assertFalse(encoded.contains("sig"), "no other provider's signature reaches a Responses client");
        List<StreamEvent> again = Splits.whole(CODEC::streamDecoder, encoded.getBytes(StandardCharsets.UTF_8));
        assertTrue(again.contains(new StreamEvent.ReasoningDelta("Hm")), again.toString());
        assertTrue(encoded.contains("\"summary\":[{\"type\":\"summary_text\",\"text\":\"Hmm.\"}]"), encoded);
    }

    private static String encode(List<StreamEvent> events, ChatRequest request) {
        return ResponsesSse.encode(events, CODEC.streamEncoder(request, InboundContext.BODY_ONLY));
    }

    private static List<String> types(String sse) {
        return ResponsesSse.types(sse);
    }
}
