package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Splits;
import io.llmrouter.core.wire.InboundContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reasoning in OpenAI Chat: reasoning_effort, and the reasoning_content of OpenAI-compatible reasoning models. */
class OpenAiReasoningTest {

    private static final ProtocolCodec OPENAI = Codecs.defaults().of(Protocol.OPENAI);
    private static final ProtocolCodec ANTHROPIC = Codecs.defaults().of(Protocol.ANTHROPIC);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] b) {
        return Json.tryParse(new String(b, StandardCharsets.UTF_8));
    }

    @Test
    void reasoningEffortAndEarlierReasoningDecode() {
        ChatRequest r = OPENAI.decodeRequest(bytes("""
                {"model":"m","reasoning_effort":"high","messages":[{"role":"user","content":"2+2?"},
                 {"role":"assistant","reasoning_content":"Adding.","content":"4"},{"role":"user","content":"and?"}]}"""),
                InboundContext.BODY_ONLY);
        assertEquals(ReasoningConfig.of(Effort.HIGH), r.reasoning());
        assertEquals(ContentPart.Reasoning.text("Adding."), r.messages().get(1).content().get(0));
        RouterException e = assertThrows(RouterException.class, () -> OPENAI.decodeRequest(bytes("""
                {"model":"m","reasoning_effort":"extreme","messages":[{"role":"user","content":"hi"}]}"""),
                InboundContext.BODY_ONLY));
        assertTrue(e.getMessage().contains("reasoning_effort"), e.getMessage());
    }

    private static JsonNode sent(ChatRequest request, String baseUrl, String model, Drops drops) {
        return json(OPENAI.encodeRequest(request, new Outbound(model, new Key(Protocol.OPENAI, baseUrl, "k"), drops))
                .body());
    }

    @Test
    void aBudgetBecomesAnEffortWhereTheModelTakesOne() {
        ChatRequest thinking = ANTHROPIC.decodeRequest(bytes("""
                {"model":"m","max_tokens":8000,"thinking":{"type":"enabled","budget_tokens":3000},
                 "messages":[{"role":"user","content":"hi"}]}"""), InboundContext.BODY_ONLY);
        Drops o3 = Drops.recording();
        assertEquals("medium", sent(thinking, "https://api.openai.com", "o3", o3).path("reasoning_effort").asText());
        assertTrue(o3.isEmpty());

        Drops chat = Drops.forAttempt(false, ANTHROPIC::fieldName);
        assertTrue(sent(thinking, "https://api.openai.com", "gpt-4o", chat).path("reasoning_effort").isMissingNode(),
                "OpenAI's chat models refuse reasoning_effort");
        assertEquals(Set.of("thinking"), chat.names(), "named as the Anthropic client knows it");

        assertEquals("medium", sent(thinking, "https://api.groq.com/openai/v1", "qwen3-32b", Drops.recording())
                .path("reasoning_effort").asText());
        assertEquals("high", OpenAiReasoning.encode(ReasoningConfig.budget(60000)),
                "an effort derived from a budget stays within what every reasoning model takes");
        assertEquals("xhigh", OpenAiReasoning.encode(ReasoningConfig.of(Effort.XHIGH)));
        assertEquals(null, OpenAiReasoning.encode(ReasoningConfig.of(Effort.AUTO)));
    }

    @Test
    void reasoningContentOfACompatibleModelReachesEveryClient() {
        ChatResponse answer = OPENAI.decodeResponse(bytes("""
                {"id":"c1","object":"chat.completion","model":"deepseek-reasoner","choices":[{"index":0,
                 "message":{"role":"assistant","reasoning_content":"Two and two.","content":"4"},
                 "finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":9,
                 "completion_tokens_details":{"reasoning_tokens":6}}}"""));
        assertEquals(ContentPart.Reasoning.text("Two and two."), answer.content().get(0));
        assertEquals(6, answer.usage().reasoningTokens());

        assertEquals("Two and two.", json(OPENAI.encodeResponse(answer, null))
                .at("/choices/0/message/reasoning_content").asText());
        JsonNode anthropic = json(ANTHROPIC.encodeResponse(answer, null));
        assertEquals("thinking", anthropic.at("/content/0/type").asText());
        assertEquals("", anthropic.at("/content/0/signature").asText(), "no signature Anthropic could check");

        ChatRequest hidden = ChatRequest.builder().model("m")
                .reasoning(ReasoningConfig.of(Effort.HIGH).withIncludeThoughts(false)).build();
        assertTrue(json(OPENAI.encodeResponse(answer, hidden)).at("/choices/0/message/reasoning_content")
                .isMissingNode());
    }

    @Test
    void streamedReasoningContentIsAReasoningBlockBeforeTheAnswer() {
        String stream = """
                data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Think"}}]}

                data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"reasoning_content":"ing."}}]}

                data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"4"}}]}

                data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

                data: [DONE]

                """;
        List<StreamEvent> events = Splits.assertSplitInvariant(OPENAI::streamDecoder, bytes(stream));
        assertEquals(List.of(new StreamEvent.ReasoningDelta("Think"), new StreamEvent.ReasoningDelta("ing."),
                new StreamEvent.BlockStop(StreamEvent.BlockStop.REASONING), new StreamEvent.TextDelta("4")),
                events.subList(1, 5));

        io.llmrouter.core.convert.StreamEncoder encoder = OPENAI.streamEncoder(null, InboundContext.BODY_ONLY);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        events.forEach(e -> encoder.encode(e, out::writeBytes));
        encoder.end(out::writeBytes);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"reasoning_content\":\"Think\""));
    }

    /** A tool loop whose first assistant turn reasoned (any provider's reasoning; Anthropic's here) and called a tool. */
    private static ChatRequest toolLoop(ContentPart.Reasoning reasoning) {
        return ChatRequest.builder().model("m").reasoning(ReasoningConfig.of(Effort.HIGH))
                .tools(List.of(new ToolDefinition("get_weather", null, null)))
                .messages(List.of(Message.text(Role.USER, "Weather?"),
                        new Message(Role.ASSISTANT, List.of(reasoning,
                                new ContentPart.ToolCall("call_1", "get_weather", "{}"))),
                        new Message(Role.TOOL, List.of(
                                new ContentPart.ToolResult("call_1", "get_weather", "sunny", false))),
                        new Message(Role.ASSISTANT, List.of(
                                ContentPart.Reasoning.text("Answering."), new ContentPart.Text("Sunny."))),
                        Message.text(Role.USER, "Thanks"))).build();
    }

    private static JsonNode sent(String baseUrl, ContentPart.Reasoning reasoning, Drops drops) {
        return json(OPENAI.encodeRequest(toolLoop(reasoning), new Outbound("deepseek-reasoner",
                new Key(Protocol.OPENAI, baseUrl, "k"), drops)).body());
    }

    @Test
    void aToolCallTurnCarriesItsReasoningBackToACompatibleHost() {
        // DeepSeek's thinking mode answers 400 within a tool loop unless each tool-call turn has its reasoning back.
        Drops drops = Drops.forAttempt(false, ANTHROPIC::fieldName);
        JsonNode body = sent("https://api.deepseek.com", ContentPart.Reasoning.signed("Checking the weather.", "sig",
                Protocol.ANTHROPIC), drops);
        assertEquals("Checking the weather.", body.at("/messages/1/reasoning_content").asText(), body.toString());
        assertEquals("call_1", body.at("/messages/1/tool_calls/0/id").asText());
        // The final answer's reasoning is of no use to the model (DeepSeek ignores it): named, not sent.
        assertTrue(body.at("/messages/3/reasoning_content").isMissingNode(), body.toString());
        assertEquals(Set.of("messages[].content[]=thinking"), drops.names());

        Drops redacted = Drops.recording();
        JsonNode onlySigned = sent("https://api.deepseek.com", new ContentPart.Reasoning("", "data", true,
                Protocol.ANTHROPIC, null), redacted);
        assertTrue(onlySigned.at("/messages/1/reasoning_content").isMissingNode(), onlySigned.toString());
        assertEquals(Set.of("messages[].reasoning_content"), redacted.names());
    }

    @Test
    void openAiItselfAndMistralTakeNoReasoningBackAndSaySo() {
        for (String host : List.of("https://api.openai.com", "https://api.mistral.ai")) {
            Drops drops = Drops.forAttempt(false, ANTHROPIC::fieldName);
            JsonNode body = sent(host, ContentPart.Reasoning.text("Checking the weather."), drops);
            assertTrue(body.at("/messages/1/reasoning_content").isMissingNode(), body.toString());
            assertTrue(drops.names().contains("messages[].content[]=thinking"), host + ": " + drops.names());
        }
        Drops strict = Drops.forAttempt(true, ANTHROPIC::fieldName);
        RouterException refused = assertThrows(RouterException.class, () -> sent("https://api.openai.com",
                ContentPart.Reasoning.text("Checking the weather."), strict));
        assertTrue(refused.getMessage().contains("messages[].content[]=thinking"), refused.getMessage());
    }

    @Test
    void azureTakesNoReasoningBackAndSaysSo() {
        Drops drops = Drops.recording();
        JsonNode body = json(Codecs.defaults().of(Protocol.AZURE_OPENAI).encodeRequest(toolLoop(
                ContentPart.Reasoning.text("Checking the weather.")), new Outbound("deployment",
                new Key(Protocol.AZURE_OPENAI, "https://x.openai.azure.com", "k"), drops)).body());
        assertTrue(body.at("/messages/1/reasoning_content").isMissingNode(), body.toString());
        assertTrue(drops.names().contains("messages[].reasoning_content"), drops.names().toString());
    }
}
