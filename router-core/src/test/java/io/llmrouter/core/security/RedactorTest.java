package io.llmrouter.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Key-like fragments as providers quote them are masked; model names and ordinary words are left alone. */
class RedactorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // OpenAI: a masked key after "provided:"
        "Incorrect API key provided: sk-proj-****abcd. You can find your API key at https://x.example/keys.|"
                + "Incorrect API key provided: [redacted]. You can find your API key at https://x.example/keys.",
        // An OpenAI-compatible provider masking another key format
        "Incorrect API key provided: up-op****abcd|Incorrect API key provided: [redacted]",
        "invalid key xxxx****abcd for this project|invalid key [redacted] for this project",
        "key sk-ant-api03-AbCdEf123456-xyz is disabled|key [redacted] is disabled",
        "API key not valid: AIzaSyA1234567890abcdefghijklmn|API key not valid: [redacted]",
        "see https://generativelanguage.googleapis.com/v1beta/models/x?key=AIzaSECRET&alt=sse|"
                + "see https://generativelanguage.googleapis.com/v1beta/models/x?key=[redacted]&alt=sse",
        "header was Bearer abc.def.ghi|header was Bearer [redacted]",
        "invalid api_key=short1|invalid api_key=[redacted]",
        "token 8f3a9c0d7e6b5a4f3e2d1c0b9a8f7e6d5c4b3a29 is not valid|token [redacted] is not valid",
        "groq gsk_abcdefghij1234567890 rejected|groq [redacted] rejected",
    })
    void masksKeyLikeFragments(String text, String expected) {
        assertEquals(expected, Redactor.redact(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "max_tokens is too large: 100000. This model supports at most 16384 completion tokens.",
        "The model `gpt-4o-2024-08-06` does not exist or you do not have access to it.",
        "claude-3-5-sonnet-20241022 does not support tool_choice any",
        "messages.1.content.0.tool_result: unexpected tool_use_id toolu_01NRLabsLyVHZPKxbKvkfSMn",
        "Invalid API key. Please pass a valid API key.",
        "the x-api-key header is required",
        "request 123e4567-e89b-12d3-a456-426614174000 failed",
        "a task-force of risk-assessment models",
    })
    void leavesOrdinaryTextAlone(String text) {
        assertEquals(text, Redactor.redact(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "your key my-own-secret-key is invalid|my-own-secret-key|your key [redacted] is invalid",
        "short keys like abc are not searched|abc|short keys like abc are not searched",
    })
    void masksTheExactKeyOfTheCall(String text, String secret, String expected) {
        assertEquals(expected, Redactor.redact(text, secret));
    }

    @org.junit.jupiter.api.Test
    void onTheWayOutOnlyFragmentsThatAreKeysByTheirFormAreMasked() {
        String echoed = "The model '" + "m".repeat(100) + "' is not served; key sk-abcdefghijkl";
        assertEquals("The model '" + "m".repeat(100) + "' is not served; key [redacted]",
                Redactor.redactMarked(echoed));
        assertEquals("The model '[redacted]' is not served; key [redacted]", Redactor.redact(echoed));
    }

    @org.junit.jupiter.api.Test
    void nullStaysNull() {
        assertNull(Redactor.redact(null));
        assertNull(Redactor.redact(null, "some-long-secret"));
    }
}
