package io.llmrouter.service.protocols;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.matrix.EmbeddingAnswers;
import io.llmrouter.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers the WireMock stubs that name it ({@link #NAME}) as the upstream of the URL's protocol ({@code /wm/<protocol>})
 * answers embeddings: that protocol's recorded answer, with one vector per input of the request, each marked in its
 * first value with {@link #mark} of its input, so a test can tell where every vector went.
 */
public class EmbeddingsAnswerer implements ResponseDefinitionTransformerV2 {

    /** The transformer's name, for {@code withTransformers}. */
    public static final String NAME = "embeddings-answer";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String url = event.getRequest().getUrl();
        Protocol protocol = Protocol.fromConfig(url.split("/")[2]);
        ObjectNode body = Json.parseObject(event.getRequest().getBody(), "the router's request");
        List<String> inputs = inputs(body);
        float[] marks = new float[inputs.size()];
        for (int i = 0; i < marks.length; i++) {
            marks[i] = mark(inputs.get(i));
        }
        return ResponseDefinitionBuilder.like(event.getResponseDefinition()).but()
                .withHeader("content-type", "application/json")
                .withBody(EmbeddingAnswers.answer(protocol, body, marks)).build();
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
    static List<String> inputs(ObjectNode body) {
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
