package io.llmrouter.core.convert.cohere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohereResponseTest {

    private final ProtocolCodec v1 = Codecs.defaults().of(Protocol.COHERE);
    private final ProtocolCodec v2 = Codecs.defaults().of(Protocol.COHERE_V2);

    @Test
    void v1TextUsesBilledUnits() {
        ChatResponse r = v1.decodeResponse(Fixtures.bytes("cohere/v1/response_text.json"));
        assertEquals("131c9112-d5d7-405b-bc49-6cb7ac4c721e", r.id());
        assertTrue(r.text().startsWith("You're Pickle Rick!"));
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(new TokenCounts(4, 33), r.usage(), "billed_units, not tokens (70 incl. hidden template)");
        assertTrue(r.toolCalls().isEmpty());
    }

    @Test
    void v1ToolCallsGetSynthesizedIdsAndToolCallsReason() {
        ChatResponse r = v1.decodeResponse(Fixtures.bytes("cohere/v1/response_tool_calls.json"));
        assertEquals("I will use the Person tool to create an entry for Erick, 27 years old.", r.text());
        ContentPart.ToolCall c = r.toolCalls().get(0);
        assertEquals("Person", c.name());
        assertEquals("{\"age\":27,\"name\":\"Erick\"}", c.arguments());
        assertTrue(c.id().startsWith("call_") && c.id().endsWith("_0"));
        assertEquals(c.id(), v1.decodeResponse(Fixtures.bytes("cohere/v1/response_tool_calls.json")).toolCalls().get(0).id());
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason(), "COMPLETE + tool calls");
        assertEquals(new TokenCounts(21, 31), r.usage());
    }

    @Test
    void v1AfterToolResultsAndCitations() {
        ChatResponse r = v1.decodeResponse(Fixtures.bytes("cohere/v1/response_after_tool_results.json"));
        assertEquals("python_interpeter_temp", r.toolCalls().get(0).name());
        assertTrue(r.toolCalls().get(0).arguments().contains("math.sqrt(age)"));
        assertEquals(FinishReason.TOOL_CALLS, r.finishReason());
        assertEquals(new TokenCounts(124, 97), r.usage());
        ChatResponse c = v1.decodeResponse(Fixtures.bytes("cohere/v1/response_with_citations.json"));
        assertEquals("The value of magic_function(3) is **5**.", c.text());
        assertEquals(FinishReason.STOP, c.finishReason());
        assertEquals(new TokenCounts(23, 13), c.usage());
    }

    @Test
    void v2Responses() {
        ChatResponse t = v2.decodeResponse(Fixtures.bytes("cohere/v2/response_text.json"));
        assertEquals("57bc5def-08e2-43c1-9fb6-d554900ccb36", t.id());
        assertTrue(t.text().startsWith("Hi there!"));
        assertEquals(FinishReason.STOP, t.finishReason());
        assertEquals(new TokenCounts(4, 28), t.usage());

        ChatResponse tc = v2.decodeResponse(Fixtures.bytes("cohere/v2/response_tool_calls.json"));
        assertEquals(List.of(new ContentPart.Text("I will use the Person tool to create a person with the name Erick and "
                        + "age 27, and then relay this information to the user."),
                new ContentPart.ToolCall("Person_zh3gneaxfh7q", "Person", "{\"age\":27,\"name\":\"Erick\"}")), tc.content());
        assertEquals(FinishReason.TOOL_CALLS, tc.finishReason());
        assertEquals(new TokenCounts(23, 41), tc.usage());

        ChatResponse plan = v2.decodeResponse(Fixtures.bytes("cohere/v2/response_tool_calls_with_plan.json"));
        assertEquals("web_search_eyqpk2grf0f7", plan.toolCalls().get(0).id());
        assertEquals(new TokenCounts(147, 37, 0, 0), plan.usage());

        ChatResponse after = v2.decodeResponse(Fixtures.bytes("cohere/v2/response_after_tool_result.json"));
        assertEquals("python_interpeter_temp_1xkvt035n7dj", after.toolCalls().get(0).id());
        assertEquals(new TokenCounts(177, 80), after.usage());

        ChatResponse image = v2.decodeResponse(Fixtures.bytes("cohere/v2/response_image_base64.json"));
        assertTrue(image.text().contains("solid red square"));
        assertEquals(new TokenCounts(262, 59, 262, 0), image.usage(), "cached_tokens 480 capped at billed input");
    }

    @Test
    void roundTripsV1() {
        for (String f : List.of("cohere/v1/response_text.json", "cohere/v1/response_tool_calls.json",
                "cohere/v1/response_after_tool_results.json", "cohere/v1/response_with_citations.json")) {
            ChatResponse first = v1.decodeResponse(Fixtures.bytes(f));
            ChatResponse second = v1.decodeResponse(v1.encodeResponse(first, null));
            assertEquals(first.id(), second.id(), f);
            assertEquals(first.text(), second.text(), f);
            assertEquals(first.finishReason(), second.finishReason(), f);
            assertEquals(first.usage(), second.usage(), f);
            assertEquals(names(first), names(second), f);
        }
    }

    @Test
    void roundTripsV2Exactly() {
        for (String f : List.of("cohere/v2/response_text.json", "cohere/v2/response_tool_calls.json",
                "cohere/v2/response_tool_calls_with_plan.json", "cohere/v2/response_after_tool_result.json",
                "cohere/v2/response_image_base64.json")) {
            ChatResponse first = v2.decodeResponse(Fixtures.bytes(f));
            assertEquals(first, v2.decodeResponse(v2.encodeResponse(first, null)), f);
        }
    }

    @Test
    void encodesV1Shape() throws IOException {
        ChatResponse r = new ChatResponse("resp-1", "x", List.of(new ContentPart.Text("Plan."),
                new ContentPart.ToolCall("call_1", "f", "{\"a\":1}")), FinishReason.TOOL_CALLS, new TokenCounts(5, 6));
        JsonNode b = Json.MAPPER.readTree(v1.encodeResponse(r, null));
        assertEquals("resp-1", b.get("response_id").asText());
        assertEquals("Plan.", b.get("text").asText());
        assertFalse(b.get("generation_id").asText().isEmpty());
        assertEquals("COMPLETE", b.get("finish_reason").asText(), "v1 has no tool-call finish reason");
        assertEquals(1, b.at("/tool_calls/0/parameters/a").asInt());
        assertEquals("1", b.at("/meta/api_version/version").asText());
        assertEquals(5, b.at("/meta/billed_units/input_tokens").asInt());
        assertEquals(6, b.at("/meta/tokens/output_tokens").asInt());
    }

    @Test
    void encodesV2ShapeAndReasons() throws IOException {
        ChatResponse r = new ChatResponse("r2", "x", List.of(new ContentPart.Text("Plan."),
                new ContentPart.ToolCall("call_1", "f", "{\"a\":1}")), FinishReason.TOOL_CALLS,
                new TokenCounts(5, 6, 2, 0));
        JsonNode b = Json.MAPPER.readTree(v2.encodeResponse(r, null));
        assertEquals("Plan.", b.at("/message/tool_plan").asText());
        assertEquals("{\"a\":1}", b.at("/message/tool_calls/0/function/arguments").asText());
        assertEquals("TOOL_CALL", b.get("finish_reason").asText());
        assertEquals(2, b.at("/usage/cached_tokens").asInt());
        ChatResponse noUsage = new ChatResponse("r3", null, List.of(new ContentPart.Text("hi")), FinishReason.LENGTH, null);
        JsonNode n = Json.MAPPER.readTree(v2.encodeResponse(noUsage, null));
        assertEquals("MAX_TOKENS", n.get("finish_reason").asText());
        assertFalse(n.has("usage"));
        assertNull(v2.decodeResponse(v2.encodeResponse(noUsage, null)).usage());
    }

    @Test
    void finishReasonTables() {
        assertEquals(FinishReason.STOP_SEQUENCE, CohereFinishReasons.decode("STOP_SEQUENCE", false));
        assertEquals(FinishReason.LENGTH, CohereFinishReasons.decode("MAX_TOKENS", true));
        assertEquals(FinishReason.LENGTH, CohereFinishReasons.decode("ERROR_LIMIT", false));
        assertEquals(FinishReason.CONTENT_FILTER, CohereFinishReasons.decode("ERROR_TOXIC", false));
        assertEquals(FinishReason.ERROR, CohereFinishReasons.decode("ERROR", false));
        assertEquals(FinishReason.ERROR, CohereFinishReasons.decode("TIMEOUT", false));
        assertEquals(FinishReason.STOP, CohereFinishReasons.decode("USER_CANCEL", false));
        assertEquals(FinishReason.TOOL_CALLS, CohereFinishReasons.decode("TOOL_CALL", true));
        assertEquals(FinishReason.TOOL_CALLS, CohereFinishReasons.decode("COMPLETE", true));
        assertEquals(FinishReason.STOP, CohereFinishReasons.decode(null, false));
        for (FinishReason f : FinishReason.values()) {
            String v2Name = CohereFinishReasons.encodeV2(f);
            FinishReason back = CohereFinishReasons.decode(v2Name, f == FinishReason.TOOL_CALLS);
            assertEquals(f == FinishReason.CONTENT_FILTER ? FinishReason.ERROR : f, back, f.name());
            String v1Name = CohereFinishReasons.encodeV1(f);
            assertEquals(f, CohereFinishReasons.decode(v1Name, f == FinishReason.TOOL_CALLS), f.name());
        }
    }

    @Test
    void malformedUpstreamBodyIsRouterException() {
        assertThrows(RouterException.class, () -> v1.decodeResponse("<html>".getBytes(StandardCharsets.UTF_8)));
        assertThrows(RouterException.class, () -> v2.decodeResponse(new byte[0]));
        ChatResponse odd = v2.decodeResponse("{\"message\":{\"content\":\"plain\"},\"usage\":{}}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("plain", odd.text());
        assertNull(odd.usage());
    }

    private static List<String> names(ChatResponse r) {
        return r.toolCalls().stream().map(c -> c.name() + c.arguments()).toList();
    }
}
