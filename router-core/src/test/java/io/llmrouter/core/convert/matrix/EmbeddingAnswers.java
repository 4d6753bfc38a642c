package io.llmrouter.core.convert.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.EmbeddingValues;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Embeddings answers built from the upstreams' recorded answers: the recorded vectors, cycled to one per input, each
 * marked in its first value (with its position, or a mark of the caller's); the rest of the recorded body (usage, ids,
 * metadata) as recorded. Shared with the service's tests, which answer the router's requests with them.
 */
public final class EmbeddingAnswers {

    private EmbeddingAnswers() {
    }

    /** The mark of the vector at {@code i}: exact as float32, as a number in JSON and as an int8. */
    public static float mark(int i) {
        return i + 1;
    }

    /** The answer of an upstream of {@code upstream} to {@code sentBody} of {@code n} inputs, marked by position. */
    public static byte[] answer(Protocol upstream, ObjectNode sentBody, int n) {
        float[] marks = new float[n];
        for (int i = 0; i < n; i++) {
            marks[i] = mark(i);
        }
        return answer(upstream, sentBody, marks);
    }

    /**
     * The answer of an upstream of {@code upstream} to {@code sentBody}, one vector per mark, each marked with its own
     * (whole numbers from -128 to 127 stay exact in every form, int8 included).
     */
    public static byte[] answer(Protocol upstream, ObjectNode sentBody, float[] marks) {
        return switch (upstream) {
            case OPENAI, AZURE_OPENAI -> openAi(sentBody, marks);
            case GEMINI -> gemini(marks);
            default -> cohere(upstream, sentBody, marks);
        };
    }

    private static byte[] openAi(ObjectNode sent, float[] marks) {
        boolean base64 = sent.get("encoding_format").textValue().equals("base64");
        ObjectNode recorded = record(base64 ? "embeddings/openai_response_base64_batch_dimensions.json"
                : "embeddings/openai_response_float_sdk_fixture.json");
        cycle((ArrayNode) recorded.get("data"), marks.length, (item, i) -> {
            ObjectNode copy = item.deepCopy();
            copy.put("index", i);
            return copy.set("embedding", marked(item.get("embedding"), marks[i]));
        });
        return Json.bytes(recorded);
    }

    private static byte[] gemini(float[] marks) {
        if (marks.length == 1) {
            ObjectNode recorded = record("gemini-extra/response_embed_content_vertex.json");
            ((ObjectNode) recorded.get("embedding")).set("values", marked(recorded.at("/embedding/values"),
                    marks[0]));
            return Json.bytes(recorded);
        }
        ObjectNode recorded = record("gemini-extra/response_batch_embed_contents_two_inputs.json");
        cycle((ArrayNode) recorded.get("embeddings"), marks.length,
                (item, i) -> item.<ObjectNode>deepCopy().set("values", marked(item.get("values"), marks[i])));
        return Json.bytes(recorded);
    }

    private static byte[] cohere(Protocol upstream, ObjectNode sent, float[] marks) {
        boolean int8 = sent.get("embedding_types").get(0).textValue().equals("int8");
        ObjectNode recorded = record(int8 ? "embeddings/cohere_v1_response_int8.json"
                : upstream == Protocol.COHERE ? "embeddings/cohere_v1_response_float.json"
                : "embeddings/cohere_v2_response_documents.json");
        ObjectNode byType = (ObjectNode) recorded.get("embeddings");
        String type = byType.fieldNames().next();
        cycle((ArrayNode) byType.get(type), marks.length, (vector, i) -> marked(vector, marks[i]));
        recorded.set("texts", sent.get("texts"));
        return Json.bytes(recorded);
    }

    /** Refills {@code list} with {@code n} items made from its recorded ones, cycled, by {@code make}. */
    private static void cycle(ArrayNode list, int n, BiFunction<JsonNode, Integer, JsonNode> make) {
        List<JsonNode> recorded = new ArrayList<>();
        list.forEach(recorded::add);
        list.removeAll();
        for (int i = 0; i < n; i++) {
            list.add(make.apply(recorded.get(i % recorded.size()), i));
        }
    }

    private static ObjectNode record(String fixture) {
        return Json.parseObject(Fixtures.bytes(fixture), fixture);
    }

    /** The vector (a number array or base64) with its first value set to {@code mark}. */
    private static JsonNode marked(JsonNode vector, float mark) {
        if (vector.isTextual()) {
            float[] floats = EmbeddingValues.fromBase64(vector.textValue());
            floats[0] = mark;
            return JsonNodeFactory.instance.textNode(EmbeddingValues.toBase64(floats));
        }
        ArrayNode copy = vector.deepCopy();
        copy.set(0, copy.get(0).isIntegralNumber() ? JsonNodeFactory.instance.numberNode((int) mark)
                : JsonNodeFactory.instance.numberNode(mark));
        return copy;
    }

    /** The {@link #mark(String)} of each input of {@code body}, in order. */
    public static float[] marks(ObjectNode body) {
        List<String> inputs = inputs(body);
        float[] marks = new float[inputs.size()];
        for (int i = 0; i < marks.length; i++) {
            marks[i] = mark(inputs.get(i));
        }
        return marks;
    }

    /**
     * The mark of an input: the whole number its text ends with ({@code "text 17"} → 17; 0 without one), or for token
     * ids ({@code "ids:5,6"}) the first id. Whole numbers up to 127 stay exact in every form, int8 included.
     */
    public static float mark(String input) {
        if (input.startsWith("ids:")) {
            return Float.parseFloat(input.substring(4).split(",")[0]);
        }
        int end = input.length();
        int start = end;
        while (start > 0 && Character.isDigit(input.charAt(start - 1))) {
            start--;
        }
        return start == end ? 0 : Float.parseFloat(input.substring(start, end));
    }

    /** The inputs of an embeddings body of any protocol, in order: texts, or {@code ids:<id>,...}. */
    public static List<String> inputs(ObjectNode body) {
        List<String> inputs = new ArrayList<>();
        if (body.has("texts")) {
            body.get("texts").forEach(t -> inputs.add(t.textValue()));
        } else if (body.has("requests")) {
            body.get("requests").forEach(r -> inputs.add(r.at("/content/parts/0/text").textValue()));
        } else if (body.has("content")) {
            inputs.add(body.at("/content/parts/0/text").textValue());
        } else {
            JsonNode input = body.get("input");
            if (input.isTextual() || input.isArray() && input.get(0).isNumber()) {
                inputs.add(openAiInput(input));
            } else {
                input.forEach(i -> inputs.add(openAiInput(i)));
            }
        }
        return inputs;
    }

    private static String openAiInput(JsonNode input) {
        if (input.isTextual()) {
            return input.textValue();
        }
        StringBuilder ids = new StringBuilder("ids:");
        input.forEach(id -> ids.append(ids.length() > 4 ? "," : "").append(id.intValue()));
        return ids.toString();
    }
}
