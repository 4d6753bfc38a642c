package io.llmrouter.core.convert.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.DecodeOutcome;
import io.llmrouter.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming {@link OpenAiResponseDecoder} answers exactly what the tree-based decoder it replaced answered, for
 * the recorded answers and for bodies no real upstream sends; the tree-based decoder is kept here as the oracle. Ids
 * the decoder makes up when the upstream sent none are random, so every body here carries an id.
 */
class OpenAiResponseDecoderEquivalenceTest {

    static Stream<String> bodies() {
        List<String> bodies = new ArrayList<>();
        for (String f : Fixtures.list("openai")) {
            if (f.contains("response_")) {
                bodies.add(new String(Fixtures.bytes(f), StandardCharsets.UTF_8));
            }
        }
        String m = "\"id\":\"chatcmpl-1\",";
        bodies.addAll(List.of(
                "", "null", "[]", "{", "{\"id\":\"x\"} {}", "{\"id\":\"x\",\"choices\":[]}",
                "{" + m + "\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}",
                "{" + m + "\"error\":\"a string is no error object\",\"choices\":[]}",
                "{" + m + "\"error\":{\"message\":\"first\"},\"error\":null}",
                "{\"id\":\"first\",\"id\":\"second\",\"model\":\"m1\",\"model\":7}",
                "{\"id\":42,\"model\":true,\"choices\":{\"0\":{\"message\":{\"content\":\"hi\"}}}}",
                "{\"id\":\"x\",\"choices\":[\"str\",{\"message\":{\"content\":\"second choice is ignored\"}}]}",
                "{" + m + "\"choices\":[{\"finish_reason\":\"length\",\"message\":{\"content\":\"cut\"}}]}",
                "{" + m + "\"choices\":[{\"message\":{\"content\":\"a\"},\"message\":{\"content\":\"b\"}}],"
                        + "\"choices\":[{\"message\":{\"content\":\"last choices\"},\"finish_reason\":7}]}",
                "{" + m + "\"choices\":[{\"message\":{\"content\":null,\"refusal\":\"I can't\"}}]}",
                "{" + m + "\"choices\":[{\"message\":{\"content\":\"\",\"refusal\":\"\"}}]}",
                "{" + m + "\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
                        + "{\"text\":7},\"s\",{\"text\":\"b\",\"text\":\"c\"}]}}]}",
                "{" + m + "\"choices\":[{\"message\":{\"content\":{\"p\":{\"text\":\"from an object\"}}}}]}",
                "{" + m + "\"choices\":[{\"message\":{\"content\":12,\"refusal\":{\"x\":1}}}]}",
                "{" + m + "\"choices\":[{\"message\":\"not an object\",\"finish_reason\":\"stop\"}]}",
                "{" + m + "\"choices\":[{\"message\":{\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]},"
                        + "\"finish_reason\":\"tool_calls\"}]}",
                "{" + m + "\"choices\":[{\"message\":{\"tool_calls\":[{\"function\":{\"name\":\"f\","
                        + "\"arguments\":{\"a\":[1,2]}}},{\"id\":9,\"function\":{\"arguments\":null}},"
                        + "\"str\",{\"function\":\"str\"},{}]}}]}",
                "{" + m + "\"choices\":[{\"message\":{\"tool_calls\":\"none\",\"function_call\":"
                        + "{\"name\":\"legacy\",\"arguments\":\"{}\"}}}]}",
                "{" + m + "\"choices\":[{\"message\":{\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\"}}],"
                        + "\"function_call\":{\"name\":\"g\"},\"function_call\":null}}]}",
                "{" + m + "\"choices\":[{\"message\":{\"tool_calls\":{}}}]}",
                "{\"choices\":[{\"message\":{\"tool_calls\":[{\"function\":{\"name\":\"f\"}}]}}],\"id\":\"late-id\"}",
                "{" + m + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":4},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":2}}}",
                "{" + m + "\"usage\":{\"prompt_tokens\":\"12\",\"completion_tokens\":3.9,"
                        + "\"prompt_cache_hit_tokens\":6,\"prompt_tokens_details\":{\"cached_tokens\":0}}}",
                "{" + m + "\"usage\":{\"prompt_tokens\":99999999999,\"completion_tokens\":true,"
                        + "\"prompt_tokens_details\":[1],\"completion_tokens_details\":null}}",
                "{" + m + "\"usage\":{\"prompt_tokens\":null,\"completion_tokens\":{\"x\":1},"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":\"x\"}}}",
                "{" + m + "\"usage\":[1,2]}",
                "{" + m + "\"usage\":null}",
                "{" + m + "\"choices\":[{\"message\":{\"content\":\"é 中文 \\u00e9 \\\"q\\\"\"}}]}"));
        return bodies.stream();
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void answersWhatTheTreeDecoderAnswered(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertEquals(DecodeOutcome.of(() -> TreeDecoder.decode(bytes)),
                DecodeOutcome.of(() -> new OpenAiResponseDecoder().decode(bytes)));
    }

    @Test
    void aNonEmptyObjectAsToolCallsIsTheUpstreamsFaultWhereTheTreeDecoderFailed() {
        byte[] body = "{\"id\":\"x\",\"choices\":[{\"message\":{\"tool_calls\":{\"a\":{}}}}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("unexpected java.lang.NullPointerException",
                String.valueOf(DecodeOutcome.of(() -> TreeDecoder.decode(body))).split(":")[0]);
        Object decoded = DecodeOutcome.of(() -> new OpenAiResponseDecoder().decode(body));
        assertEquals(502, ((ApiError) decoded).status());
    }

    /** The tree-based decoder as it was before it read with a streaming parser (commit 367c363). */
    private static final class TreeDecoder {

        static ChatResponse decode(byte[] body) {
            JsonNode root;
            try {
                root = Json.tree(body == null ? new byte[0] : body);
            } catch (IOException e) {
                root = null;
            }
            if (root == null || !root.isObject()) {
                throw new RouterException(new ApiError(ErrorKind.BAD_GATEWAY, 502,
                        "upstream returned a response that is not a JSON object", null));
            }
            if (root.path("error").isObject()) {
                throw new RouterException(OpenAiErrors.decode(500, body).error());
            }
            String id = root.path("id").asText("");
            if (id.isEmpty()) {
                id = OpenAiIds.completionId();
            }
            String model = root.path("model").isTextual() ? root.get("model").textValue() : null;
            JsonNode choice = root.path("choices").path(0);
            JsonNode message = choice.path("message");
            List<ContentPart> content = new ArrayList<>();
            String text = text(message.get("content"));
            String refusal = message.path("refusal").isTextual() ? message.get("refusal").textValue() : null;
            if (text != null && !text.isEmpty()) {
                content.add(new ContentPart.Text(text));
            }
            if (refusal != null && !refusal.isEmpty()) {
                content.add(new ContentPart.Text(refusal));
            }
            JsonNode calls = message.path("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                content.add(toolCall(calls.get(i).path("function"), calls.get(i).path("id").asText(""), id, i));
            }
            if (message.path("function_call").isObject()) {
                content.add(toolCall(message.get("function_call"), "", id, calls.size()));
            }
            boolean sawCalls = content.stream().anyMatch(ContentPart.ToolCall.class::isInstance);
            String finish = choice.path("finish_reason").isTextual() ? choice.get("finish_reason").textValue() : null;
            FinishReason reason = OpenAiFinishReasons.decode(finish, sawCalls);
            return new ChatResponse(id, model, content, reason, OpenAiUsage.decode(root.get("usage")));
        }

        private static String text(JsonNode content) {
            if (content == null || content.isNull()) {
                return null;
            }
            if (content.isTextual()) {
                return content.textValue();
            }
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("text").isTextual()) {
                    sb.append(part.get("text").textValue());
                }
            }
            return sb.toString();
        }

        private static ContentPart.ToolCall toolCall(JsonNode fn, String id, String responseId, int index) {
            String name = fn.path("name").asText("");
            JsonNode args = fn.get("arguments");
            String arguments = args == null || args.isNull() ? "{}"
                    : args.isTextual() ? args.textValue() : Json.text(args);
            if (id.isEmpty()) {
                id = ToolCallIds.synthesize(responseId, index, name, arguments);
            }
            return new ContentPart.ToolCall(id, name, arguments);
        }
    }
}
