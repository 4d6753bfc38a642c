package io.llmrouter.core.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

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
}
