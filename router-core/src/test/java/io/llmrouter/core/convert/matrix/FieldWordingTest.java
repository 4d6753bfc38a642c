package io.llmrouter.core.convert.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.wire.InboundContext;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client protocol refuses a wrong field in the same words, because every request decoder reads its fields with
 * the one reader ({@link io.llmrouter.core.json.Fields}): a fix to a message lands in all of them at once.
 */
class FieldWordingTest {

    private static final String HUGE = "99999999999999999999";

    static Stream<Arguments> outputLimits() {
        String openAi = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":%s}";
        String anthropic = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":%s}";
        String gemini = "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"generationConfig\":{\"maxOutputTokens\":%s}}";
        String cohere = "{\"model\":\"m\",\"message\":\"x\",\"max_tokens\":%s}";
        String cohereV2 = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":%s}";
        return Stream.of(Arguments.of(Protocol.OPENAI, openAi, "max_tokens"),
                Arguments.of(Protocol.ANTHROPIC, anthropic, "max_tokens"),
                Arguments.of(Protocol.GEMINI, gemini, "generationConfig.maxOutputTokens"),
                Arguments.of(Protocol.COHERE, cohere, "max_tokens"),
                Arguments.of(Protocol.COHERE_V2, cohereV2, "max_tokens"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputLimits")
    void anOutputLimitOfTheWrongTypeOrOutOfRangeIsRefusedInTheSameWords(Protocol client, String body, String path) {
        assertEquals("'" + path + "' must be an integer", refusal(client, body.formatted("\"10\"")));
        assertEquals("'" + path + "' must be an integer", refusal(client, body.formatted("10.5")));
        assertEquals("'" + path + "' is out of range (at most 2147483647)", refusal(client, body.formatted(HUGE)));
    }

    private static String refusal(Protocol client, String body) {
        InboundContext ctx = client == Protocol.GEMINI ? InboundContext.gemini("m", false, true)
                : InboundContext.BODY_ONLY;
        return assertThrows(RouterException.class, () -> ConversionPath.CODECS.of(client)
                .decodeRequest(body.getBytes(StandardCharsets.UTF_8), ctx)).getMessage();
    }
}
