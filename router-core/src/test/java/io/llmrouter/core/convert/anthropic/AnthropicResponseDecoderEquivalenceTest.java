package io.llmrouter.core.convert.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.DecodeOutcome;
import io.llmrouter.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming {@link AnthropicResponseDecoder} answers exactly what the tree-based decoder it replaced answered,
 * for the recorded answers and for bodies no real upstream sends (numbers where strings belong, content as an object,
 * odd usage counts, trailing tokens): the tree-based decoder is kept here, verbatim, as the oracle.
 */
class AnthropicResponseDecoderEquivalenceTest {

    static Stream<String> bodies() {
        List<String> bodies = new ArrayList<>();
        for (String f : Fixtures.list("anthropic")) {
            if (f.contains("response_")) {
                bodies.add(new String(Fixtures.bytes(f), StandardCharsets.UTF_8));
            }
        }
        bodies.addAll(List.of(
                "",
                "   ",
                "null",
                "[]",
                "\"message\"",
                "{",
                "{}",
                "{} {}",
                "{\"id\":\"a\"} x",
                "{\"id\":\"msg_1\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\"}",
                "{\"id\":\"first\",\"id\":\"second\",\"content\":[]}",
                "{\"id\":42,\"model\":1.5,\"content\":[{\"type\":\"text\",\"text\":7}],\"stop_reason\":1}",
                "{\"id\":null,\"model\":true,\"content\":null,\"stop_reason\":null,\"usage\":null}",
                "{\"content\":{\"a\":{\"type\":\"text\",\"text\":\"from an object\"},\"b\":\"str\"}}",
                "{\"content\":\"not blocks\",\"usage\":\"none\"}",
                "{\"content\":[\"str\",1,null,[],{\"type\":[1]},{\"text\":\"no type\"},"
                        + "{\"type\":null,\"text\":\"x\"}]}",
                "{\"content\":[{\"type\":\"text\",\"text\":{\"nested\":true}},{\"type\":\"text\",\"text\":null}]}",
                "{\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\","
                        + "\"input\":{\"a\":[1,2,{\"b\":null}]}}]}",
                "{\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":null}]}",
                "{\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\"}]}",
                "{\"content\":[{\"type\":\"tool_use\",\"id\":7,\"name\":[\"f\"],\"input\":\"raw\"}]}",
                "{\"content\":[{\"input\":[1,\"x\"],\"name\":\"f\",\"type\":\"tool_use\",\"id\":\"late\"}],"
                        + "\"stop_reason\":\"tool_use\"}",
                "{\"content\":[{\"type\":\"thinking\",\"thinking\":\"...\"},{\"type\":\"server_tool_use\"}]}",
                "{\"content\":[{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":\"s\"},"
                        + "{\"type\":\"redacted_thinking\",\"data\":\"d\"},{\"type\":\"redacted_thinking\"}]}",
                "{\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"cache_read_input_tokens\":3,"
                        + "\"cache_creation_input_tokens\":2}}",
                "{\"usage\":{\"input_tokens\":3.7,\"output_tokens\":-2.9,\"cache_read_input_tokens\":1e3}}",
                "{\"usage\":{\"input_tokens\":99999999999,\"output_tokens\":\"5\",\"cache_read_input_tokens\":null}}",
                "{\"usage\":{\"input_tokens\":1e300,\"output_tokens\":true,\"extra\":{\"x\":[1]}}}",
                "{\"usage\":{}}",
                "{\"usage\":[1,2]}",
                "{\"stop_reason\":\"max_tokens\",\"content\":[{\"type\":\"text\",\"text\":\"é 中文 \\u00e9\"}]}"));
        return bodies.stream();
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void answersWhatTheTreeDecoderAnswered(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // The oracle predates naming what an answer leaves out: compared without it.
        assertEquals(DecodeOutcome.of(() -> TreeDecoder.decode(bytes)),
                DecodeOutcome.of(() -> withoutOmitted(AnthropicResponseDecoder.decode(bytes))));
    }

    private static ChatResponse withoutOmitted(ChatResponse r) {
        return new ChatResponse(r.id(), r.model(), r.content(), r.finishReason(), r.usage());
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void neverFailsWithAnythingButA502(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Object outcome = DecodeOutcome.of(() -> AnthropicResponseDecoder.decode(bytes));
        assertFalse(outcome instanceof String s && s.startsWith("unexpected"), String.valueOf(outcome));
    }

    /**
     * The tree-based decoder as it was before it read with a streaming parser (commit 8430553), with thinking blocks
     * read as the streaming parser now reads them.
     */
    private static final class TreeDecoder {

        static ChatResponse decode(byte[] body) {
            JsonNode root;
            try {
                root = body == null || body.length == 0 ? null : Json.tree(body);
            } catch (IOException e) {
                root = null;
            }
            if (root == null || !root.isObject()) {
                throw new RouterException(new ApiError(ErrorKind.BAD_GATEWAY, 502,
                        "upstream returned a body that is not an Anthropic message", null));
            }
            List<ContentPart> content = new ArrayList<>();
            JsonNode blocks = root.path("content");
            for (JsonNode block : blocks) {
                String type = block.path("type").asText("");
                switch (type) {
                    case "text" -> content.add(new ContentPart.Text(block.path("text").asText("")));
                    case "tool_use" -> {
                        JsonNode input = block.get("input");
                        content.add(new ContentPart.ToolCall(block.path("id").asText(null),
                                block.path("name").asText(null),
                                input == null || input.isNull() ? "{}" : Json.text(input)));
                    }
                    case "thinking" -> content.add(AnthropicThinking.block(block.path("thinking").asText(""),
                            block.path("signature").isTextual() ? block.get("signature").asText() : null));
                    case "redacted_thinking" -> {
                        if (block.path("data").isTextual()) {
                            content.add(new ContentPart.Reasoning("", block.get("data").asText(), true,
                                    io.llmrouter.api.Protocol.ANTHROPIC, null));
                        }
                    }
                    default -> {
                    }
                }
            }
            boolean hasTools = content.stream().anyMatch(ContentPart.ToolCall.class::isInstance);
            String stop = root.path("stop_reason").isTextual() ? root.get("stop_reason").asText() : null;
            return new ChatResponse(root.path("id").asText(null), root.path("model").asText(null), content,
                    AnthropicStopReasons.decode(stop, hasTools), AnthropicUsage.decode(root.get("usage")));
        }
    }
}
