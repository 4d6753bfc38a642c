package io.llmrouter.api.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.stream.StreamEvent.BlockStop;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReasoningIrTest {

    @Test
    void reasoningIsOffOnlyWhenTheClientSaidSo() {
        assertTrue(ReasoningConfig.of(ReasoningConfig.Effort.NONE).off());
        assertTrue(ReasoningConfig.budget(0).off());
        assertFalse(ReasoningConfig.of(ReasoningConfig.Effort.AUTO).off());
        assertFalse(ReasoningConfig.budget(1024).off());
        assertThrows(IllegalArgumentException.class, () -> ReasoningConfig.budget(-1));

        assertFalse(ChatRequest.builder().build().reasoningOn());
        assertFalse(ChatRequest.builder().reasoning(ReasoningConfig.budget(0)).build().reasoningOn());
        assertTrue(ChatRequest.builder().reasoning(ReasoningConfig.of(ReasoningConfig.Effort.LOW)).build()
                .reasoningOn());
    }

    @Test
    void thoughtsAreShownUnlessTheClientDeclined() {
        ReasoningConfig high = ReasoningConfig.of(ReasoningConfig.Effort.HIGH);
        assertTrue(high.showThoughts());
        assertTrue(high.withIncludeThoughts(true).showThoughts());
        assertFalse(high.withIncludeThoughts(false).showThoughts());
    }

    @Test
    void requestKeepsReasoningAndACopyOfMetadataThroughItsBuilder() {
        Map<String, String> metadata = new HashMap<>(Map.of("trace", "t-1"));
        ChatRequest request = ChatRequest.builder().model("m").metadata(metadata)
                .reasoning(ReasoningConfig.budget(2048)).build();
        metadata.put("later", "x");

        assertEquals(Map.of("trace", "t-1"), request.metadata());
        assertEquals(request, request.toBuilder().build());
        assertEquals(ReasoningConfig.budget(2048), request.withModel("other").reasoning());
        assertEquals(Map.of(), ChatRequest.builder().metadata(null).build().metadata());
    }

    @Test
    void aSignatureAlwaysNamesItsOrigin() {
        ContentPart.Reasoning signed = ContentPart.Reasoning.signed("thought", "sig", Protocol.ANTHROPIC);
        assertTrue(signed.signedBy(Protocol.ANTHROPIC));
        assertFalse(signed.signedBy(Protocol.GEMINI));
        assertFalse(ContentPart.Reasoning.text("thought").signedBy(Protocol.ANTHROPIC));
        assertEquals("", new ContentPart.Reasoning(null, "data", true, Protocol.ANTHROPIC, null).text());
        assertThrows(IllegalArgumentException.class,
                () -> new ContentPart.Reasoning("t", "sig", false, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ContentPart.Reasoning("t", null, false, Protocol.GEMINI, null));
    }

    @Test
    void responseListsItsReasoningInOrder() {
        ContentPart.Reasoning first = ContentPart.Reasoning.text("a");
        ContentPart.Reasoning second = ContentPart.Reasoning.signed("b", "s", Protocol.GEMINI);
        ChatResponse response = new ChatResponse("id", "m",
                List.of(first, new ContentPart.Text("x"), second), FinishReason.STOP, null);
        assertEquals(List.of(first, second), response.reasoning());
        assertEquals("x", response.text());
        assertEquals(List.of(), new ChatResponse("id", "m", List.of(), FinishReason.STOP, null).reasoning());
    }

    @Test
    void onlyToolIndicesAreTools() {
        assertTrue(new BlockStop(0).tool());
        assertFalse(new BlockStop(BlockStop.TEXT).tool());
        assertFalse(new BlockStop(BlockStop.REASONING).tool());
        assertNull(ChatRequest.builder().build().reasoning());
    }
}
