package io.llmrouter.core.convert;

import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;

/** Count-of-tokens answers, one number in one field ({@code input_tokens}, {@code totalTokens}), read and written. */
public final class CountAnswers {

    private CountAnswers() {
    }

    /** The count in {@code field} of an answer; a runtime exception when it is missing, negative or not JSON. */
    public static long read(byte[] body, String field) {
        Long tokens = Fields.optLong(Json.parseObject(body, "count answer").get(field), field);
        if (tokens == null || tokens < 0) {
            throw Fields.invalid(field, "missing or negative");
        }
        return tokens;
    }

    /** {@code {"<field>": tokens}}. */
    public static byte[] write(String field, long tokens) {
        return Json.bytes(Json.object().put(field, tokens));
    }
}
