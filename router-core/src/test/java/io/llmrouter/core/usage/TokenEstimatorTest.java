package io.llmrouter.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.chat.ToolDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    private final TokenEstimator estimator = new TokenEstimator();

    @Test
    void reasoningCountsByItsTextInHistoryAndAnswers() {
        String thought = "Let me think about the weather in Paris before I answer.";
        ContentPart.Reasoning reasoning = ContentPart.Reasoning.signed(thought, "x".repeat(4000),
                io.llmrouter.api.Protocol.ANTHROPIC);
        ChatRequest withReasoning = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "Hi"),
                new Message(Role.ASSISTANT, List.of(reasoning, new ContentPart.Text("Sunny."))))).build();
        ChatRequest without = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "Hi"),
                new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Sunny."))))).build();
        assertEquals(estimator.estimate(thought),
                estimator.estimateRequest(withReasoning) - estimator.estimateRequest(without));
        assertEquals(estimator.estimate(thought) + estimator.estimate("Sunny."), estimator.estimateResponse(
                new ChatResponse("r", "m", List.of(reasoning, new ContentPart.Text("Sunny.")), FinishReason.STOP, null)));
    }

    @Test
    void emptyAndNullCostNothing() {
        assertEquals(0, estimator.estimate(null));
        assertEquals(0, estimator.estimate(""));
    }

    @Test
    void whitespaceIsCheapButNotFree() {
        assertEquals(1, estimator.estimate(" "));
        assertEquals(1, estimator.estimate("\n\t  "));
        // 4-space indentation merges in o200k_base: 40 spaces stay well under 40 tokens
        assertEquals(3, estimator.estimate(" ".repeat(40)));
    }

    @Test
    void pureAscii() {
        assertEquals(1, estimator.estimate("a"));
        // 6 letters, 1 space, 2 digits, 1 punctuation: 1.35 + 0.075 + 1.65 + 0.725 = 3.8, rounded up
        assertEquals(4, estimator.estimate("answer 42!"));
        int prose = estimator.estimate("The quick brown fox jumps over the lazy dog.");
        assertTrue(prose >= 9 && prose <= 13, "prose " + prose);
    }

    @Test
    void eachIdeographBlockCountsThreeQuartersOfAToken() {
        assertEquals(3, estimator.estimate("一丁七万")); // URO 4E00–9FFF
        assertEquals(3, estimator.estimate("\u3400\u3401\u4DB5\u4DBF")); // Ext A
        assertEquals(3, estimator.estimate("\uF900\uF901\uFA00\uFAFF")); // compatibility ideographs
    }

    @Test
    void supplementaryIdeographIsOneCharacterNotTwo() {
        String u20000 = new String(Character.toChars(0x20000)); // 𠀀, Ext B
        assertEquals(2, u20000.length());
        assertEquals(CodePointWeights.IDEOGRAPH, CodePointWeights.of(0x20000));
        // four surrogate pairs weigh as four ideographs (3 tokens), not eight chars (6 tokens)
        assertEquals(3, estimator.estimate(u20000.repeat(4)));
        assertEquals(3, estimator.estimate(codePoints(0x2A700, 0x2B740, 0x30000, 0x323AF))); // Ext C, D, G, H
        assertEquals(3, estimator.estimate(codePoints(0x2F800, 0x2F801, 0x2FA1D, 0x2FA1F))); // compat supplement
    }

    @Test
    void kanaAndHangulCountLikeIdeographs() {
        assertEquals(3, estimator.estimate("ひらがな"));
        assertEquals(3, estimator.estimate("カタカナ"));
        assertEquals(3, estimator.estimate("ｶﾀｶﾅ")); // halfwidth katakana, inside the full-width forms block
        assertEquals(CodePointWeights.KANA, CodePointWeights.of(0x31F0)); // Katakana Phonetic Extensions
        assertEquals(3, estimator.estimate("안녕하세")); // syllables
        assertEquals(CodePointWeights.HANGUL, CodePointWeights.of(0x1100)); // Jamo
        assertEquals(CodePointWeights.HANGUL, CodePointWeights.of(0x3131)); // compatibility Jamo
    }

    @Test
    void fullWidthPunctuation() {
        assertEquals(3, estimator.estimate("，。！？")); // FF0C, 3002, FF01, FF1F
        assertEquals(CodePointWeights.CJK_PUNCTUATION, CodePointWeights.of(0x3000)); // ideographic space
        assertEquals(CodePointWeights.CJK_PUNCTUATION, CodePointWeights.of(0xFF21)); // full-width A
    }

    @Test
    void emojiCostMoreThanALetter() {
        assertEquals(2, estimator.estimate("😀"));
        assertEquals(6, estimator.estimate("🎉🚀🔥👍"));
    }

    @Test
    void otherScripts() {
        assertEquals(CodePointWeights.OTHER_BMP, CodePointWeights.of('é'));
        assertEquals(CodePointWeights.OTHER_BMP, CodePointWeights.of('Ж'));
        assertEquals(CodePointWeights.DIGIT, CodePointWeights.of(0x0663)); // Arabic-Indic three
        assertEquals(CodePointWeights.WHITESPACE, CodePointWeights.of(0x00A0));
    }

    @Test
    void requestCountsFramingTextAndSystem() {
        ChatRequest bare = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "你好世界")))
                .build();
        // priming 3 + message 3 + text 3
        assertEquals(9, estimator.estimateRequest(bare));
        ChatRequest withSystem = bare.toBuilder().system("Hello world!").build();
        assertEquals(9 + 3 + 4, estimator.estimateRequest(withSystem));
    }

    @Test
    void requestGrowsWithToolsImagesCallsAndResults() {
        ChatRequest base = ChatRequest.builder().model("m")
                .messages(List.of(Message.text(Role.USER, "What is the weather in Paris?"))).build();
        int baseTokens = estimator.estimateRequest(base);

        ObjectNode params = new ObjectMapper().createObjectNode().put("type", "object");
        params.putObject("properties").putObject("city").put("type", "string");
        ChatRequest withTool = base.toBuilder()
                .tools(List.of(new ToolDefinition("get_weather", "Current weather for a city", params))).build();
        int toolTokens = estimator.estimateRequest(withTool);
        assertTrue(toolTokens > baseTokens + TokenEstimator.TOOLS_BLOCK + TokenEstimator.TOKENS_PER_TOOL,
                "tools " + toolTokens + " vs " + baseTokens);

        ChatRequest withImage = base.toBuilder().messages(List.of(new Message(Role.USER, List.of(
                new ContentPart.Text("What is the weather in Paris?"),
                ContentPart.Image.ofUrl("https://example.com/sky.png"))))).build();
        assertEquals(baseTokens + TokenEstimator.TOKENS_PER_IMAGE, estimator.estimateRequest(withImage));

        ChatRequest withCall = base.toBuilder().messages(List.of(
                Message.text(Role.USER, "What is the weather in Paris?"),
                new Message(Role.ASSISTANT, List.of(new ContentPart.ToolCall("call_1", "get_weather",
                        "{\"city\":\"Paris\"}"))),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_1", "get_weather",
                        "{\"temperature\":18,\"sky\":\"clear\"}", false))))).build();
        int callTokens = estimator.estimateRequest(withCall);
        int expectedAdded = 2 * TokenEstimator.TOKENS_PER_MESSAGE + 2 * TokenEstimator.TOKENS_PER_TOOL_CALL
                + 2 * estimator.estimate("get_weather") + estimator.estimate("{\"city\":\"Paris\"}")
                + estimator.estimate("{\"temperature\":18,\"sky\":\"clear\"}");
        assertEquals(baseTokens + expectedAdded, callTokens);
    }

    @Test
    void responseCountsTextAndToolCalls() {
        ChatResponse text = new ChatResponse("r", "m", List.of(new ContentPart.Text("Hello world!")),
                FinishReason.STOP, null);
        assertEquals(4, estimator.estimateResponse(text));
        ChatResponse withCall = new ChatResponse("r", "m", List.of(new ContentPart.Text("Hello world!"),
                new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"巴黎\"}")), FinishReason.TOOL_CALLS, null);
        assertEquals(4 + TokenEstimator.TOKENS_PER_TOOL_CALL + estimator.estimate("get_weather")
                + estimator.estimate("{\"city\":\"巴黎\"}"), estimator.estimateResponse(withCall));
        assertEquals(0, estimator.estimateResponse(new ChatResponse("r", "m", List.of(), FinishReason.STOP, null)));
    }

    @Test
    void streamFallbackCountsBothSides() {
        ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "hi")))
                .build();
        assertEquals(new TokenCounts(estimator.estimateRequest(request), 3),
                estimator.estimateCounts(request, "你好世界"));
    }

    private static String codePoints(int... cps) {
        return new String(cps, 0, cps.length);
    }
}
