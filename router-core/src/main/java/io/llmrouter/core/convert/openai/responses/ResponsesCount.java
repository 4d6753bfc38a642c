package io.llmrouter.core.convert.openai.responses;

import io.llmrouter.core.json.Json;

/**
 * OpenAI's count of input tokens as its clients receive it ({@code POST /v1/responses/input_tokens}, a Responses
 * body in): {@code {"object":"response.input_tokens","input_tokens":N}}, the shape openai-java checks.
 */
final class ResponsesCount {

    static final String OBJECT = "response.input_tokens";

    private ResponsesCount() {
    }

    /** A count of input tokens as a Responses client expects it. */
    static byte[] encode(long inputTokens) {
        return Json.bytes(Json.object().put("object", OBJECT).put("input_tokens", inputTokens));
    }
}
