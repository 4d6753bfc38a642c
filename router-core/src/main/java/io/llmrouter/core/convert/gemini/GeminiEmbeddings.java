package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.embed.Embedding;
import io.llmrouter.api.embed.EmbeddingFloats;
import io.llmrouter.api.embed.EmbeddingInput;
import io.llmrouter.api.embed.EmbeddingRequest;
import io.llmrouter.api.embed.EmbeddingResponse;
import io.llmrouter.api.embed.EmbeddingTask;
import io.llmrouter.api.embed.EmbeddingType;
import io.llmrouter.api.embed.Truncation;
import io.llmrouter.core.convert.AnswerReads;
import io.llmrouter.core.convert.DecodedEmbeddings;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.EmbeddingRules;
import io.llmrouter.core.convert.EmbeddingValues;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.json.JsonReads;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Gemini's embeddings: {@code :embedContent} (one {@code content}, answered with one {@code embedding}) and
 * {@code :batchEmbedContents} ({@code requests[]}, answered with {@code embeddings[]}), each request with its
 * {@code taskType}, {@code title} and {@code outputDimensionality}; the model in the URL. Answers count tokens in
 * {@code usageMetadata.promptTokenCount}, when they count them at all.
 */
final class GeminiEmbeddings {

    /** The most requests Gemini takes in one {@code batchEmbedContents}. */
    static final int MAX_INPUTS = 100;

    private static final Set<String> READ_BATCH = GeminiNames.read("requests");
    private static final Set<String> READ_ONE = GeminiNames.read("content", "taskType", "title",
            "outputDimensionality", "model");
    private static final Set<String> READ_CONTENT = GeminiNames.read("parts", "role");
    private static final Set<String> READ_PART = GeminiNames.read("text");

    private GeminiEmbeddings() {
    }

    /** One request of a Gemini client, read before the batch is checked to be one request. */
    private record One(EmbeddingInput.Text input, EmbeddingTask task, Integer dimensions) {
    }

    // ---- client side ---------------------------------------------------------------------------------------

    /**
     * A Gemini client's body: {@code requests[]} (batchEmbedContents) or one request (embedContent). A batch is
     * converted as one request, so its requests must agree on the task and the dimensions.
     */
    static EmbeddingRequest decode(ObjectNode body, InboundContext ctx, Drops drops) {
        String model = GeminiNames.bareModel(ctx == null ? null : ctx.pathModel());
        if (model == null) {
            model = GeminiNames.bareModel(Fields.optString(GeminiNames.field(body, "model"), "model"));
        }
        if (model == null) {
            throw Fields.required("model");
        }
        JsonNode batch = GeminiNames.field(body, "requests");
        if (batch == null) {
            One one = one(body, "", drops);
            return new EmbeddingRequest(model, List.of(one.input()), true, one.dimensions(), List.of(),
                    one.task(), null, null);
        }
        drops.unread(body, READ_BATCH, "");
        ArrayNode requests = Fields.optArray(batch, "requests");
        if (requests.isEmpty()) {
            throw Fields.invalid("requests", "must not be empty");
        }
        List<EmbeddingInput> inputs = new ArrayList<>(requests.size());
        One first = null;
        for (int i = 0; i < requests.size(); i++) {
            String path = "requests[" + i + "]";
            One one = one(Fields.object(requests.get(i), path), path + ".", drops);
            if (first == null) {
                first = one;
            } else if (one.task() != first.task()) {
                throw Fields.invalid(path + ".taskType", "must be the same in every request of a batch");
            } else if (!Objects.equals(one.dimensions(), first.dimensions())) {
                throw Fields.invalid(path + ".outputDimensionality", "must be the same in every request of a batch");
            }
            inputs.add(one.input());
        }
        return new EmbeddingRequest(model, inputs, false, first.dimensions(), List.of(), first.task(), null, null);
    }

    private static One one(ObjectNode request, String path, Drops drops) {
        // Drops name fields without array indices (requests[].foo), errors with them (requests[1].taskType).
        String dropPath = path.isEmpty() ? "" : "requests[].";
        drops.unread(request, READ_ONE, dropPath);
        ObjectNode content = Fields.object(GeminiNames.field(request, "content"), path + "content");
        drops.unread(content, READ_CONTENT, dropPath + "content.");
        List<JsonNode> parts = GeminiNames.list(GeminiNames.field(content, "parts"), path + "content.parts");
        if (parts.isEmpty()) {
            throw Fields.invalid(path + "content.parts", "must hold a text part");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String partPath = path + "content.parts[" + i + "]";
            ObjectNode part = Fields.object(parts.get(i), partPath);
            JsonNode t = GeminiNames.field(part, "text");
            if (t == null) {
                throw Fields.invalid(partPath, "is not a text part; the router converts text embeddings only");
            }
            drops.unread(part, READ_PART, dropPath + "content.parts[].");
            // One content is one embedding of all its parts: other protocols take one string per input.
            if (i > 0) {
                text.append('\n');
            }
            text.append(Fields.string(t, partPath + ".text"));
        }
        EmbeddingTask task = GeminiTaskTypes.decode(
                Fields.optString(GeminiNames.field(request, "taskType"), path + "taskType"), path + "taskType");
        Integer dimensions = Fields.optInt(GeminiNames.field(request, "outputDimensionality"),
                path + "outputDimensionality");
        if (dimensions != null && dimensions < 1) {
            throw Fields.invalid(path + "outputDimensionality", "must be at least 1");
        }
        String title = Fields.optString(GeminiNames.field(request, "title"), path + "title");
        return new One(new EmbeddingInput.Text(text.toString(), title), task, dimensions);
    }

    /** The answer for a Gemini client: one {@code embedding} for embedContent, {@code embeddings[]} for a batch. */
    static byte[] encode(EmbeddingResponse response, EmbeddingRequest request) {
        return Json.write(g -> {
            g.writeStartObject();
            if (request.single()) {
                g.writeFieldName("embedding");
                values(g, response.embeddings().get(0));
            } else {
                g.writeArrayFieldStart("embeddings");
                for (Embedding e : response.embeddings()) {
                    values(g, e);
                }
                g.writeEndArray();
            }
            g.writeObjectFieldStart("usageMetadata");
            g.writeNumberField("promptTokenCount", response.inputTokens());
            g.writeNumberField("totalTokenCount", response.inputTokens());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void values(JsonGenerator g, Embedding e) throws IOException {
        g.writeStartObject();
        g.writeFieldName("values");
        EmbeddingValues.write(g, e, EmbeddingType.FLOAT);
        g.writeEndObject();
    }

    // ---- upstream side -------------------------------------------------------------------------------------

    /**
     * The request to a Gemini upstream: {@code :embedContent} for one input, {@code :batchEmbedContents} for more.
     * Token ids and quantized forms are refused; the end user and a truncation other than Gemini's own (it cuts the
     * end) are dropped.
     */
    static UpstreamRequest request(EmbeddingRequest request, Outbound out) {
        Drops drops = out.drops();
        List<String> texts = EmbeddingRules.texts(request, Protocol.GEMINI, drops);
        EmbeddingRules.floatsOnly(request, Protocol.GEMINI, drops);
        EmbeddingRules.noUser(request, drops);
        EmbeddingRules.truncationIs(Truncation.END, request, drops);
        String task = GeminiTaskTypes.encode(request.task());
        if (task == null && request.task() != null) {
            drops.lost(IrField.EMBEDDING_TASK);
        }
        if (texts.size() == 1) {
            ObjectNode body = one(texts.get(0), title(request, 0), task, request.dimensions());
            return GeminiWire.request(out.key(), out.model(), ":embedContent", Json.bytes(body), false,
                    out.headers());
        }
        String model = out.model().startsWith("tunedModels/") ? out.model()
                : "models/" + GeminiNames.bareModel(out.model());
        ObjectNode body = Json.object();
        ArrayNode requests = body.putArray("requests");
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode one = Json.object().put("model", model);
            one.setAll(one(texts.get(i), title(request, i), task, request.dimensions()));
            requests.add(one);
        }
        return GeminiWire.request(out.key(), out.model(), ":batchEmbedContents", Json.bytes(body), false,
                out.headers());
    }

    private static String title(EmbeddingRequest request, int i) {
        return ((EmbeddingInput.Text) request.inputs().get(i)).title();
    }

    private static ObjectNode one(String text, String title, String task, Integer dimensions) {
        ObjectNode one = Json.object();
        one.putObject("content").putArray("parts").addObject().put("text", text);
        if (task != null) {
            one.put("taskType", task);
        }
        if (title != null) {
            one.put("title", title);
        }
        if (dimensions != null) {
            one.put("outputDimensionality", dimensions);
        }
        return one;
    }

    /**
     * An upstream's answer: {@code embedding} or {@code embeddings[]}, each {@code values}; the prompt tokens from
     * {@code usageMetadata.promptTokenCount}, or the sum of its modality details (spelt {@code promptTokensDetails}
     * or, in batch answers, {@code promptTokenDetails}) when the count itself is missing.
     */
    static DecodedEmbeddings decodeAnswer(byte[] body, EmbeddingRequest sent) {
        List<Embedding> embeddings = new ArrayList<>();
        JsonNode[] usage = {null};
        AnswerReads.answer(body, "an embeddings answer", (name, p) -> {
            switch (name) {
                case "embedding" -> embeddings.add(values(p));
                case "embeddings" -> AnswerReads.array(p, "embeddings", q -> embeddings.add(values(q)));
                case "usageMetadata", "usage_metadata" -> usage[0] = JsonReads.tree(p);
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new DecodedEmbeddings(null, embeddings, promptTokens(usage[0]));
    }

    /** One {@code {"values": [...]}}. */
    private static Embedding values(JsonParser p) throws IOException {
        EmbeddingFloats[] values = {null};
        AnswerReads.object(p, "an embedding", (name, q) -> {
            if (name.equals("values")) {
                values[0] = EmbeddingValues.floats(q);
                return true;
            }
            return false;
        });
        if (values[0] == null) {
            throw new IllegalArgumentException("an embedding without values");
        }
        return new Embedding(values[0]);
    }

    private static Long promptTokens(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode count = GeminiNames.field(usage, "promptTokenCount");
        if (count != null && count.isIntegralNumber() && count.canConvertToLong()) {
            return count.longValue();
        }
        JsonNode details = GeminiNames.field(usage, "promptTokensDetails");
        if (details == null) {
            details = GeminiNames.field(usage, "promptTokenDetails");
        }
        if (details == null || !details.isArray() || details.isEmpty()) {
            return null;
        }
        long sum = 0;
        for (JsonNode d : details) {
            sum += Fields.count(GeminiNames.field(d, "tokenCount"));
        }
        return sum;
    }
}
