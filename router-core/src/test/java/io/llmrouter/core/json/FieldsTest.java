package io.llmrouter.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The one field reader: its reads, and the one wording of every 400 it gives. */
class FieldsTest {

    private static JsonNode value(String json) {
        try {
            return Json.tree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void assertRefused(String message, Executable read) {
        RouterException e = assertThrows(RouterException.class, read);
        assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
        assertEquals(400, e.error().status());
        assertEquals(message, e.getMessage());
    }

    @Test
    void absentIsNoValueJsonNullOrAMissingNode() {
        for (JsonNode absent : new JsonNode[] {null, value("null"), value("{}").path("x")}) {
            assertNull(Fields.optString(absent, "p"));
            assertNull(Fields.optNumber(absent, "p"));
            assertNull(Fields.optInt(absent, "p"));
            assertNull(Fields.optLong(absent, "p"));
            assertNull(Fields.optBool(absent, "p"));
            assertNull(Fields.optObject(absent, "p"));
            assertNull(Fields.optArray(absent, "p"));
            assertEquals(0, Fields.array(absent, "p").size());
            assertEquals(List.of(), Fields.strings(absent, "p"));
            assertEquals(true, Fields.bool(absent, "p", true));
        }
        assertRefused("'model' is required", () -> Fields.string(null, "model"));
    }

    @Test
    void readsWhatItIsAskedFor() {
        assertEquals("m", Fields.string(value("\"m\""), "p"));
        assertEquals(0.5, Fields.optNumber(value("0.5"), "p"));
        assertEquals(7, Fields.optInt(value("7"), "p"));
        assertEquals(9_000_000_000L, Fields.optLong(value("9000000000"), "p"));
        assertEquals(false, Fields.bool(value("false"), "p", true));
        assertEquals(List.of("a", "b"), Fields.strings(value("[\"a\",\"b\"]"), "p"));
    }

    @Test
    void everyWrongTypeIsRefusedInTheSameWords() {
        JsonNode text = value("\"10\"");
        assertRefused("'a.b' must be a string", () -> Fields.optString(value("1"), "a.b"));
        assertRefused("'temperature' must be a number", () -> Fields.optNumber(text, "temperature"));
        assertRefused("'max_tokens' must be an integer", () -> Fields.optInt(value("10.5"), "max_tokens"));
        assertRefused("'seed' must be an integer", () -> Fields.optLong(text, "seed"));
        assertRefused("'stream' must be a boolean", () -> Fields.optBool(text, "stream"));
        assertRefused("'messages[0]' must be an object", () -> Fields.object(text, "messages[0]"));
        assertRefused("'messages[0]' must be an object", () -> Fields.object(null, "messages[0]"));
        assertRefused("'tools' must be an array", () -> Fields.optArray(text, "tools"));
        assertRefused("'stop' must be an array of strings", () -> Fields.strings(value("[1]"), "stop"));
        assertRefused("'x' must not be empty", () -> {
            throw Fields.invalid("x", "must not be empty");
        });
    }

    @Test
    void anIntegerThatDoesNotFitIsOutOfRangeNotNoInteger() {
        Function<String, Executable> asInt = json -> () -> Fields.optInt(value(json), "max_tokens");
        assertRefused("'max_tokens' is out of range (at most 2147483647)", asInt.apply("2147483648"));
        assertRefused("'max_tokens' is out of range (at most 2147483647)", asInt.apply("99999999999999999999"));
        assertRefused("'max_tokens' is out of range (at least -2147483648)", asInt.apply("-2147483649"));
        assertRefused("'seed' is out of range (at most 9223372036854775807)",
                () -> Fields.optLong(value("9223372036854775808"), "seed"));
    }

    @Test
    void answersAreReadLeniently() {
        assertEquals(12, Fields.count(value("12")));
        assertEquals(0, Fields.count(value("\"12\"")));
        assertEquals(0, Fields.count(value("99999999999")));
        assertEquals(0, Fields.count(null));
        assertEquals("t", Fields.text(value("\"t\""), ""));
        assertEquals("", Fields.text(value("{}"), ""));
    }
}
