package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.embed.Embedding;
import io.llmrouter.api.embed.EmbeddingInput;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingResponse;
import io.llmrouter.api.embed.EmbeddingType;
import io.llmrouter.api.embed.Truncation;
import io.llmrouter.core.convert.DecodedEmbeddings;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.EmbeddingRules;
import io.llmrouter.core.convert.EmbeddingValues;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Cohere's embeddings, {@code /v2/embed} and {@code /v1/embed}: {@code texts} (or v2's {@code inputs} of text
 * content), {@code input_type}, {@code embedding_types} (float, int8, uint8, binary, ubinary, base64),
 * {@code truncate}, and v2's {@code output_dimension}. Answers give every type asked for under
 * {@code embeddings.<type>} ({@code embeddings_by_type}); a v1 request naming no type is answered with a bare list
 * of float vectors ({@code embeddings_floats}). Tokens are in {@code meta.billed_units.input_tokens}.
 */
final class CohereEmbeddings {

    /** The most texts Cohere takes in one request. */
    static final int MAX_INPUTS = 96;

    private static final Set<String> READ_V1 = Set.of("model", "texts", "input_type", "embedding_types", "truncate");
    private static final Set<String> READ_V2 = Set.of("model", "texts", "inputs", "input_type", "embedding_types",
            "output_dimension", "truncate");
    private static final Set<String> READ_INPUT = Set.of("content");
    private static final Set<String> READ_PART = Set.of("type", "text");

    private final CohereWire wire;
    private final Protocol protocol;

    CohereEmbeddings(CohereWire wire, Protocol protocol) {
        this.wire = wire;
        this.protocol = protocol;
    }

    private boolean v2() {
        return wire == CohereWire.V2;
    }

    // ---- client side ---------------------------------------------------------------------------------------

    /** A Cohere client's body; images are refused: the router converts text embeddings only. */
    EmbeddingRequest decode(ObjectNode body, Drops drops) {
        String model = Fields.string(body.get("model"), "model");
        if (!Fields.absent(body.get("images"))) {
            throw Fields.invalid("images", "cannot be embedded here: the router converts text embeddings only");
        }
        List<EmbeddingInput> inputs = new ArrayList<>();
        JsonNode structured = v2() ? body.get("inputs") : null;
        if (!Fields.absent(structured)) {
            if (!Fields.absent(body.get("texts"))) {
                throw Fields.invalid("inputs", "cannot come with 'texts'");
            }
            ArrayNode list = Fields.optArray(structured, "inputs");
            for (int i = 0; i < list.size(); i++) {
                inputs.add(input(Fields.object(list.get(i), "inputs[" + i + "]"), "inputs[" + i + "]", drops));
            }
        } else {
            if (Fields.absent(body.get("texts"))) {
                throw Fields.required("texts");
            }
            for (String text : Fields.strings(body.get("texts"), "texts")) {
                inputs.add(new EmbeddingInput.Text(text));
            }
        }
        if (inputs.isEmpty()) {
            throw Fields.invalid(structured != null ? "inputs" : "texts", "must not be empty");
        }
        List<EmbeddingType> types = new ArrayList<>();
        for (String name : Fields.strings(body.get("embedding_types"), "embedding_types")) {
            EmbeddingType type = EmbeddingType.ofWire(name);
            if (type == null) {
                throw Fields.invalid("embedding_types", "must hold float, int8, uint8, binary, ubinary or base64");
            }
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        Integer dimensions = null;
        if (v2()) {
            dimensions = Fields.optInt(body.get("output_dimension"), "output_dimension");
            if (dimensions != null && dimensions < 1) {
                throw Fields.invalid("output_dimension", "must be at least 1");
            }
        }
        Truncation truncation = truncation(Fields.optString(body.get("truncate"), "truncate"));
        drops.unread(body, v2() ? READ_V2 : READ_V1, "");
        return new EmbeddingRequest(model, inputs, false, dimensions, types,
                CohereInputTypes.decode(Fields.optString(body.get("input_type"), "input_type")), null, truncation);
    }

    private static EmbeddingInput input(ObjectNode input, String path, Drops drops) {
        // Drops name fields without array indices, errors with them.
        drops.unread(input, READ_INPUT, "inputs[].");
        ArrayNode content = Fields.optArray(input.get("content"), path + ".content");
        if (content == null || content.isEmpty()) {
            throw Fields.invalid(path + ".content", "must hold a text part");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            String partPath = path + ".content[" + i + "]";
            ObjectNode part = Fields.object(content.get(i), partPath);
            if (!"text".equals(Fields.optString(part.get("type"), partPath + ".type"))) {
                throw Fields.invalid(partPath, "is not a text part; the router converts text embeddings only");
            }
            drops.unread(part, READ_PART, "inputs[].content[].");
            // One input is one embedding of all its parts: other protocols take one string per input.
            if (i > 0) {
                text.append('\n');
            }
            text.append(Fields.string(part.get("text"), partPath + ".text"));
        }
        return new EmbeddingInput.Text(text.toString());
    }

    private static Truncation truncation(String name) {
        if (name == null) {
            return null;
        }
        for (Truncation t : Truncation.values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw Fields.invalid("truncate", "must be NONE, START or END");
    }

    /**
     * The answer for a Cohere client: every type it asked for under {@code embeddings}, or, for a v1 request naming
     * none, the bare float vectors.
     */
    byte[] encode(EmbeddingResponse response, EmbeddingRequest request) {
        boolean floatsOnly = !v2() && request.types().isEmpty();
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("id", UUID.randomUUID().toString());
            if (floatsOnly) {
                g.writeArrayFieldStart("embeddings");
                for (Embedding e : response.embeddings()) {
                    EmbeddingValues.write(g, e, EmbeddingType.FLOAT);
                }
                g.writeEndArray();
            } else {
                g.writeObjectFieldStart("embeddings");
                for (EmbeddingType type : request.typesOrFloat()) {
                    g.writeArrayFieldStart(type.wireName());
                    for (Embedding e : response.embeddings()) {
                        EmbeddingValues.write(g, e, type);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeArrayFieldStart("texts");
            for (EmbeddingInput input : request.inputs()) {
                if (input instanceof EmbeddingInput.Text t) {
                    g.writeString(t.text());
                }
            }
            g.writeEndArray();
            g.writeObjectFieldStart("meta");
            g.writeObjectFieldStart("api_version");
            g.writeStringField("version", v2() ? "2" : "1");
            g.writeEndObject();
            g.writeObjectFieldStart("billed_units");
            g.writeNumberField("input_tokens", response.inputTokens());
            g.writeEndObject();
            g.writeEndObject();
            g.writeStringField("response_type", floatsOnly ? "embeddings_floats" : "embeddings_by_type");
            g.writeEndObject();
        });
    }

    // ---- upstream side -------------------------------------------------------------------------------------

    /**
     * The request to a Cohere upstream: the texts, the input type ({@link CohereInputTypes}), the types asked for
     * (base64 is asked as float and written by the router), the truncation, v2's output dimension. Token ids are
     * refused, and a vector length to v1, which has no such setting; the end user and titles are dropped.
     */
    UpstreamRequest request(EmbeddingRequest request, Outbound out) {
        Drops drops = out.drops();
        List<String> texts = EmbeddingRules.texts(request, protocol, drops);
        if (!v2()) {
            EmbeddingRules.noDimensions(request, protocol, drops);
        }
        EmbeddingRules.noUser(request, drops);
        EmbeddingRules.noTitles(request, drops);
        ObjectNode body = Json.object();
        body.put("model", out.model());
        ArrayNode array = body.putArray("texts");
        texts.forEach(array::add);
        body.put("input_type", CohereInputTypes.encode(request.task(), drops));
        Set<EmbeddingType> asked = new LinkedHashSet<>();
        for (EmbeddingType type : request.typesOrFloat()) {
            asked.add(type == EmbeddingType.BASE64 ? EmbeddingType.FLOAT : type);
        }
        ArrayNode types = body.putArray("embedding_types");
        asked.forEach(t -> types.add(t.wireName()));
        if (request.dimensions() != null) {
            body.put("output_dimension", request.dimensions());
        }
        if (request.truncation() != null) {
            body.put("truncate", request.truncation().name());
        }
        return wire.request(out.key(), "/embed", body, false, out.headers());
    }

    /**
     * An upstream's answer: {@code embeddings.<type>[]} for each type (base64 read as float32), or a bare list of
     * float vectors; one embedding per input with every type the upstream gave.
     */
    static DecodedEmbeddings decodeAnswer(byte[] body, EmbeddingRequest sent) {
        ObjectNode answer = Json.parseObject(body, "embeddings answer");
        JsonNode embeddings = answer.get("embeddings");
        List<Embedding> out = new ArrayList<>();
        if (embeddings != null && embeddings.isArray()) {
            for (JsonNode e : embeddings) {
                out.add(new Embedding(EmbeddingValues.floats(e)));
            }
        } else if (embeddings != null && embeddings.isObject()) {
            int n = sent.inputs().size();
            float[][] floats = new float[n][];
            List<Map<EmbeddingType, int[]>> quantized = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                quantized.add(new EnumMap<>(EmbeddingType.class));
            }
            for (Map.Entry<String, JsonNode> byType : embeddings.properties()) {
                EmbeddingType type = EmbeddingType.ofWire(byType.getKey());
                JsonNode vectors = byType.getValue();
                if (type == null || !vectors.isArray() || vectors.size() != n) {
                    throw new IllegalArgumentException("an embeddings answer with " + byType.getKey()
                            + " values that are not one per input");
                }
                for (int i = 0; i < n; i++) {
                    if (type == EmbeddingType.FLOAT) {
                        floats[i] = EmbeddingValues.floats(vectors.get(i));
                    } else if (type == EmbeddingType.BASE64) {
                        floats[i] = EmbeddingValues.fromBase64(Fields.text(vectors.get(i), ""));
                    } else {
                        quantized.get(i).put(type, EmbeddingValues.ints(vectors.get(i)));
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                out.add(new Embedding(floats[i], quantized.get(i)));
            }
        } else {
            throw new IllegalArgumentException("an embeddings answer without embeddings");
        }
        JsonNode tokens = answer.path("meta").path("billed_units").path("input_tokens");
        return new DecodedEmbeddings(null, out,
                tokens.isNumber() && tokens.canConvertToLong() ? tokens.longValue() : null);
    }
}
