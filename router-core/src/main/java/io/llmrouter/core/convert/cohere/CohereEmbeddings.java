package io.llmrouter.core.convert.cohere;

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
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.json.JsonReads;
import java.io.IOException;
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
        int n = sent.inputs().size();
        EmbeddingFloats[] floats = new EmbeddingFloats[n];
        List<Map<EmbeddingType, int[]>> quantized = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            quantized.add(new EnumMap<>(EmbeddingType.class));
        }
        boolean[] read = {false};
        JsonNode[] meta = {null};
        AnswerReads.answer(body, "an embeddings answer", (name, p) -> {
            if (name.equals("meta")) {
                meta[0] = JsonReads.tree(p);
            } else if (name.equals("embeddings") && p.currentToken() == JsonToken.START_ARRAY) {
                read[0] = true;
                vectors(p, "embeddings", n, (i, q) -> floats[i] = EmbeddingValues.floats(q));
            } else if (name.equals("embeddings")) {
                read[0] = true;
                AnswerReads.object(p, "embeddings", (typeName, q) -> {
                    EmbeddingType type = EmbeddingType.ofWire(typeName);
                    if (type == null) {
                        throw new IllegalArgumentException("an embeddings answer with values of type " + typeName);
                    }
                    vectors(q, "embeddings." + typeName, n, (i, r) -> {
                        if (type.fromFloats()) {
                            floats[i] = EmbeddingValues.floatsOrBase64(r);
                        } else {
                            quantized.get(i).put(type, EmbeddingValues.ints(r));
                        }
                    });
                    return true;
                });
            } else {
                return false;
            }
            return true;
        });
        if (!read[0]) {
            throw new IllegalArgumentException("an embeddings answer without embeddings");
        }
        List<Embedding> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Embedding(floats[i], quantized.get(i)));
        }
        JsonNode tokens = meta[0] == null ? null : meta[0].path("billed_units").path("input_tokens");
        return new DecodedEmbeddings(null, out,
                tokens != null && tokens.isIntegralNumber() && tokens.canConvertToLong() ? tokens.longValue() : null);
    }

    /** Reads one vector of a list at position {@code i}. */
    @FunctionalInterface
    private interface Vector {
        void read(int i, JsonParser p) throws IOException;
    }

    /** Reads a list of exactly {@code n} vectors, one per input. */
    private static void vectors(JsonParser p, String what, int n, Vector vector) throws IOException {
        int[] i = {0};
        AnswerReads.array(p, what, q -> {
            if (i[0] == n) {
                throw new IllegalArgumentException("an embeddings answer with more " + what + " than inputs");
            }
            vector.read(i[0]++, q);
        });
        if (i[0] != n) {
            throw new IllegalArgumentException("an embeddings answer with " + i[0] + " " + what + " for " + n
                    + " inputs");
        }
    }
}
