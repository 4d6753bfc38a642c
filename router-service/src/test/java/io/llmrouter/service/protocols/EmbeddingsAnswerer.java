package io.llmrouter.service.protocols;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.matrix.EmbeddingAnswers;
import io.llmrouter.core.json.Json;

/**
 * Answers the WireMock stubs that name it ({@link #NAME}) as the upstream of the URL's protocol ({@code /wm/<protocol>})
 * answers embeddings: that protocol's recorded answer, with one vector per input of the request, each marked in its
 * first value with {@link EmbeddingAnswers#mark(String)} of its input, so a test can tell where every vector went.
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
        return ResponseDefinitionBuilder.like(event.getResponseDefinition()).but()
                .withHeader("content-type", "application/json")
                .withBody(EmbeddingAnswers.answer(protocol, body, EmbeddingAnswers.marks(body))).build();
    }
}
