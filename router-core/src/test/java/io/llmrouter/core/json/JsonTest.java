package io.llmrouter.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Json}'s cached tree reader reads exactly as the mapper does, and client bodies are refused clearly. */
class JsonTest {

    static Stream<String> jsonFixtures() {
        // Templates hold placeholders (not JSON) for the tests that fill them in.
        return Fixtures.list(".").stream().filter(f -> f.endsWith(".json") && !f.endsWith(".template.json"));
    }

    @ParameterizedTest
    @MethodSource("jsonFixtures")
    void treeReadsEveryRecordedBodyAsTheMapperDoes(String fixture) throws Exception {
        assertEquals(Json.MAPPER.readTree(Fixtures.bytes(fixture)), Json.tree(Fixtures.bytes(fixture)), fixture);
    }

    @Test
    void treeReadsLikeTheMapper() throws Exception {
        assertTrue(Json.tree(new byte[0]).isMissingNode(), "empty input is a missing node");
        assertTrue(Json.tree("").isMissingNode());
        assertThrows(Exception.class, () -> Json.tree("{\"a\":1} trailing"), "trailing tokens are refused");
        assertEquals("[1,2]", Json.text(Json.tree("[1, 2]".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void parseObjectRefusesWhatIsNotAnObjectInTheCallersTerms() {
        RouterException notJson = assertThrows(RouterException.class,
                () -> Json.parseObject("{\"a\":".getBytes(StandardCharsets.UTF_8), "request body"));
        assertTrue(notJson.getMessage().startsWith("request body is not valid JSON"), notJson.getMessage());
        RouterException array = assertThrows(RouterException.class,
                () -> Json.parseObject("[]".getBytes(StandardCharsets.UTF_8), "request body"));
        assertEquals("request body must be a JSON object", array.getMessage());
        assertFalse(Json.parseObject("{}".getBytes(StandardCharsets.UTF_8), "x").size() > 0);
    }

    /** Malformed bodies and what the caller is told: the problem in its terms, and where. */
    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("{\"m\":" + "[".repeat(1001) + "]".repeat(1001) + "}", "nesting deeper than 1000 levels"),
                Arguments.of("{\"t\":NaN}", "NaN and Infinity are not valid JSON numbers at line 1, column 9"),
                Arguments.of("{\"t\":-Infinity}", "NaN and Infinity are not valid JSON numbers at line 1, column 15"),
                Arguments.of("{\"model\":\"demo-mod", "unexpected end of input at line 1, column 19"),
                Arguments.of("{\"a\":[1,2", "unexpected end of input at line 1, column 10"),
                Arguments.of("{\"a\":1}{\"b\":2}", "unexpected data after the JSON value at line 1, column 8"),
                Arguments.of("{\"a\":tru}", "unrecognized token 'tru' at line 1, column 6"),
                Arguments.of("{'a':1}", "unexpected character ''' where a field name in double quotes was expected"
                        + " at line 1, column 2"),
                Arguments.of("{\"a\":1 \"b\":2}", "unexpected character '\"' where a comma was expected"
                        + " at line 1, column 8"),
                Arguments.of("{\"a\" 1}", "unexpected character '1' where a colon was expected at line 1, column 6"),
                Arguments.of("{\"a\":1]", "unexpected ']' where '}' was expected at line 1, column 7"),
                Arguments.of("{\"a\":+1}", "a number cannot start with '+' at line 1, column 7"),
                Arguments.of("{\"a\":01}", "invalid number: leading zeroes are not allowed at line 1, column 7"),
                Arguments.of("{/*c*/\"a\":1}", "comments are not allowed in JSON at line 1, column 2"),
                Arguments.of("{\"a\":\"x\ny\"}", "a control character inside a string must be escaped"
                        + " at line 1, column 8"),
                Arguments.of("{\"a\":\"\\q\"}", "invalid escape sequence '\\q' at line 1, column 8"),
                Arguments.of("{\"a\":" + "1".repeat(1001) + "}", "a number longer than 1000 digits"),
                Arguments.of("{\"" + "k".repeat(50_001) + "\":1}", "a field name longer than 50000 characters"),
                Arguments.of("{\"a\":" + "z".repeat(100_000) + "}",
                        "unrecognized token '" + "z".repeat(40) + "...' at line 1, column 6"));
    }

    @ParameterizedTest
    @MethodSource("malformedBodies")
    void malformedJsonIsDescribedForTheCallerWithoutTheParsersNames(String body, String expected) {
        RouterException e = assertThrows(RouterException.class,
                () -> Json.parseObject(body.getBytes(StandardCharsets.UTF_8), "request body"));
        assertEquals("request body is not valid JSON: " + expected, e.getMessage());
    }

    /** A request body's tree is bounded by its JSON tokens; an upstream's answer (parseObject) is not held to it. */
    @Test
    void aRequestBodyOfTooManyJsonTokensIsRefused() {
        StringBuilder many = new StringBuilder("{\"model\":\"m\",\"messages\":[");
        int messages = Json.MAX_REQUEST_TOKENS / 6 + 1;
        for (int i = 0; i < messages; i++) {
            many.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"x\"}");
        }
        byte[] body = many.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        RouterException e = assertThrows(RouterException.class, () -> Json.parseRequest(body));
        assertEquals("request body is not valid JSON: more than 500000 JSON tokens (values, field names and brackets)",
                e.getMessage());
        assertEquals(messages, Json.parseObject(body, "answer").path("messages").size());
        assertEquals(2, Json.parseRequest("{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8)).size());
    }

    @Test
    void invalidUtf8IsNamedAsSuch() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'};
        RouterException e = assertThrows(RouterException.class, () -> Json.parseObject(body, "request body"));
        assertEquals("request body is not valid JSON: the body is not valid UTF-8 at line 1, column 8", e.getMessage());
    }

    /** Whatever the input, the message names no parser class or setting, quotes no location source, stays short. */
    @ParameterizedTest
    @MethodSource("everyKindOfBrokenJson")
    void noMessageNamesTheParser(String body) {
        RouterException e = assertThrows(RouterException.class,
                () -> Json.parseObject(body.getBytes(StandardCharsets.UTF_8), "request body"));
        String message = e.getMessage();
        for (String internal : new String[] {"`", "Jackson", "jackson", "Feature", "Constraints", "com.", "Source",
                                             "REDACTED", "VALUE_", "START_", "END_", "code "}) {
            assertFalse(message.contains(internal), () -> "'" + internal + "' in: " + message);
        }
        assertTrue(message.length() < 200, message);
    }

    static Stream<String> everyKindOfBrokenJson() {
        return Stream.concat(malformedBodies().map(a -> (String) a.get()[0]), Stream.of(
                "{", "{\"a\":", "{\"a\"", "{\"a\":1,}", "{\"a\":[1,}", "{\"a\":1.}", "{\"a\":1e}", "{\"a\":-}",
                "{\"a\":\"\\u12\"}", "{\"a\":\"\u0000\"}", "\u0000", "{\"a\":1} x", "{\"a\":[}", "{\"a\":{]}",
                "{\"a\":truex}", "{\"a\":nul}", "{\"a\":\"" + "x".repeat(300) + "}", "{\"a\":1}//x",
                "{\"a\":Infinity}", "{\"a\":.5}", "{\"a\":0x10}", "{\"a\":'x'}", "{,}", "{\"a\"::1}"));
    }
}
