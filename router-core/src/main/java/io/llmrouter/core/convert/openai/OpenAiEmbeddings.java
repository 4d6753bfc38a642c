package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.embed.Embedding;
import io.llmrouter.api.embed.EmbeddingFloats;
import io.llmrouter.api.embed.EmbeddingInput;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingResponse;
import io.llmrouter.api.embed.EmbeddingType;
import io.llmrouter.api.embed.Truncation;
import io.llmrouter.core.convert.AnswerReads;
import io.llmrouter.core.convert.DecodedEmbeddings;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.EmbeddingRules;
import io.llmrouter.core.convert.EmbeddingValues;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.json.JsonReads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * OpenAI's embeddings ({@code POST /v1/embeddings}), also Azure OpenAI's body: {@code input} as a string, an array of
 * strings, an array of token ids or an array of such arrays; {@code dimensions}; {@code encoding_format} float or
 * base64 (little-endian float32); {@code user}. Answers list {@code data[]} by {@code index} with
 * {@code usage.prompt_tokens}.
 */
final class OpenAiEmbeddings {

    /** The most inputs OpenAI takes in one request. */
    static final int MAX_INPUTS = 2048;

    private static final Set<String> READ = Set.of("model", "input", "dimensions", "encoding_format", "user");
    private static final String INPUT_SHAPES = "must be a string, an array of strings, an array of token ids or an"
            + " array of arrays of token ids";

    private OpenAiEmbeddings() {
    }

    // ---- client side ---------------------------------------------------------------------------------------

    /** An OpenAI client's body. */
    static EmbeddingRequest decode(ObjectNode body, Drops drops) {
        String model = Fields.string(body.get("model"), "model");
        JsonNode input = body.get("input");
        if (Fields.absent(input)) {
            throw Fields.required("input");
        }
        boolean single = input.isTextual() || (input.isArray() && input.size() > 0 && input.get(0).isNumber());
        List<EmbeddingInput> inputs = inputs(input);
        Integer dimensions = Fields.optInt(body.get("dimensions"), "dimensions");
        if (dimensions != null && dimensions < 1) {
            throw Fields.invalid("dimensions", "must be at least 1");
        }
        String format = Fields.optString(body.get("encoding_format"), "encoding_format");
        List<EmbeddingType> types;
        if (format == null) {
            types = List.of();
        } else if (format.equals("float") || format.equals("base64")) {
            types = List.of(EmbeddingType.ofWire(format));
        } else {
            throw Fields.invalid("encoding_format", "must be 'float' or 'base64'");
        }
        String user = Fields.optString(body.get("user"), "user");
        drops.unread(body, READ, "");
        return new EmbeddingRequest(model, inputs, single, dimensions, types, null, user, null);
    }

    private static List<EmbeddingInput> inputs(JsonNode input) {
        if (input.isTextual()) {
            return List.of(text(input.textValue(), "input"));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw Fields.invalid("input", input.isArray() ? "must not be empty" : INPUT_SHAPES);
        }
        JsonNode first = input.get(0);
        if (first.isNumber()) {
            return List.of(new EmbeddingInput.TokenIds(tokenIds(input, "input")));
        }
        List<EmbeddingInput> inputs = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String path = "input[" + i + "]";
            if (first.isTextual() && item.isTextual()) {
                inputs.add(text(item.textValue(), path));
            } else if (first.isArray() && item.isArray()) {
                if (item.isEmpty()) {
                    throw Fields.invalid(path, "must not be empty");
                }
                inputs.add(new EmbeddingInput.TokenIds(tokenIds(item, path)));
            } else {
                throw Fields.invalid("input", INPUT_SHAPES);
            }
        }
        return inputs;
    }

    private static EmbeddingInput text(String text, String path) {
        if (text.isEmpty()) {
            throw Fields.invalid(path, "must not be empty");
        }
        return new EmbeddingInput.Text(text);
    }

    private static int[] tokenIds(JsonNode array, String path) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
                throw Fields.invalid(path, "must hold token ids: integers of at least 0");
            }
            ids[i] = id.intValue();
        }
        return ids;
    }

    /** The answer for an OpenAI client: {@code data[]} in the form it asked for. */
    static byte[] encode(EmbeddingResponse response, EmbeddingRequest request) {
        EmbeddingType type = request.typesOrFloat().get(0);
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            int index = 0;
            for (Embedding e : response.embeddings()) {
                g.writeStartObject();
                g.writeStringField("object", "embedding");
                g.writeNumberField("index", index++);
                g.writeFieldName("embedding");
                EmbeddingValues.write(g, e, type);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("model", response.model());
            g.writeObjectFieldStart("usage");
            g.writeNumberField("prompt_tokens", response.inputTokens());
            g.writeNumberField("total_tokens", response.inputTokens());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    // ---- upstream side -------------------------------------------------------------------------------------

    /**
     * The body for an upstream of {@code upstream} (OpenAI or Azure OpenAI): base64 when the client asked for base64
     * only, floats otherwise; a task, titles and a truncation other than refusing have no place and are dropped.
     */
    static ObjectNode body(EmbeddingRequest request, String model, Protocol upstream, Drops drops) {
        EmbeddingRules.floatsOnly(request, upstream, drops);
        EmbeddingRules.noTask(request, drops);
        EmbeddingRules.noTitles(request, drops);
        EmbeddingRules.truncationIs(Truncation.NONE, request, drops);
        ObjectNode body = Json.object();
        body.put("model", model);
        if (request.single()) {
            body.set("input", input(request.inputs().get(0), body));
        } else {
            ArrayNode inputs = body.putArray("input");
            for (EmbeddingInput in : request.inputs()) {
                inputs.add(input(in, body));
            }
        }
        boolean base64 = !request.types().isEmpty()
                && request.types().stream().allMatch(t -> t == EmbeddingType.BASE64);
        body.put("encoding_format", base64 ? "base64" : "float");
        if (request.dimensions() != null) {
            body.put("dimensions", request.dimensions());
        }
        if (request.user() != null) {
            body.put("user", request.user());
        }
        return body;
    }

    private static JsonNode input(EmbeddingInput input, ObjectNode factory) {
        if (input instanceof EmbeddingInput.Text t) {
            return factory.textNode(t.text());
        }
        ArrayNode ids = factory.arrayNode();
        for (int id : ((EmbeddingInput.TokenIds) input).ids()) {
            ids.add(id);
        }
        return ids;
    }

    /** An upstream's answer: each {@code data[]} item at its {@code index}, floats or base64. */
    static DecodedEmbeddings decodeAnswer(byte[] body, EmbeddingRequest sent) {
        Answer answer = new Answer();
        AnswerReads.answer(body, "an embeddings answer", answer::field);
        return answer.decoded();
    }

    /** What is read of an answer, field by field. */
    private static final class Answer {

        private final List<Integer> indices = new ArrayList<>();
        private final List<EmbeddingFloats> vectors = new ArrayList<>();
        private String model;
        private Long tokens;

        boolean field(String name, JsonParser p) throws IOException {
            switch (name) {
                case "data" -> AnswerReads.array(p, "data", this::item);
                case "model" -> model = JsonReads.string(p);
                case "usage" -> {
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        return false;
                    }
                    AnswerReads.object(p, "usage", (field, q) -> {
                        if (field.equals("prompt_tokens") && q.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                            tokens = q.getLongValue();
                            return true;
                        }
                        return false;
                    });
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private void item(JsonParser p) throws IOException {
            int position = vectors.size();
            indices.add(position);
            vectors.add(null);
            AnswerReads.object(p, "data[]", (field, q) -> {
                if (field.equals("index") && q.currentToken() == JsonToken.VALUE_NUMBER_INT
                        && q.getNumberType() == JsonParser.NumberType.INT) {
                    indices.set(position, q.getIntValue());
                    return true;
                }
                if (field.equals("embedding")) {
                    vectors.set(position, EmbeddingValues.floatsOrBase64(q));
                    return true;
                }
                return false;
            });
            if (vectors.get(position) == null) {
                throw new IllegalArgumentException("an embeddings answer with an item without its embedding");
            }
        }

        DecodedEmbeddings decoded() {
            Embedding[] byIndex = new Embedding[vectors.size()];
            for (int i = 0; i < byIndex.length; i++) {
                int at = indices.get(i);
                if (at < 0 || at >= byIndex.length || byIndex[at] != null) {
                    throw new IllegalArgumentException("an embeddings answer with index " + at + " out of place");
                }
                byIndex[at] = new Embedding(vectors.get(i));
            }
            return new DecodedEmbeddings(model, Arrays.asList(byIndex), tokens);
        }
    }
}
