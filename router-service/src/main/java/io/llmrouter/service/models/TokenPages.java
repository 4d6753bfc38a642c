package io.llmrouter.service.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.json.Json;
import io.llmrouter.service.config.PublicModel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * A list paged by page tokens, as Gemini's and Cohere's are: each page names the token of the next one, absent on the
 * last page. A token is the last model of the page before, encoded: opaque to clients, valid while that model is
 * listed.
 *
 * @param listField      the field of the page's models
 * @param tokenParameter the query parameter the token comes back in
 * @param nextField      the field of the next page's token
 */
record TokenPages(String listField, String tokenParameter, String nextField) {

    /**
     * The page of up to {@code size} of {@code models} that {@code query}'s token asks for (the first without one),
     * each model written by {@code writer}.
     *
     * @throws RouterException 400 naming the token's parameter for a token this router did not give for this list
     */
    ObjectNode page(List<PublicModel> models, UnaryOperator<String> query, int size,
                    BiConsumer<ObjectNode, PublicModel> writer) {
        String token = query.apply(tokenParameter);
        ListPages.Page page = ListPages.from(models, token == null || token.isEmpty() ? 0 : resume(models, token),
                size);
        ObjectNode list = Json.object();
        ArrayNode listed = list.putArray(listField);
        for (PublicModel model : page.models()) {
            writer.accept(listed.addObject(), model);
        }
        if (page.more()) {
            String lastId = page.models().get(page.models().size() - 1).id();
            list.put(nextField, Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(lastId.getBytes(StandardCharsets.UTF_8)));
        }
        return list;
    }

    private int resume(List<PublicModel> models, String token) {
        String lastId;
        try {
            lastId = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RouterException.invalidRequest(tokenParameter + " is not a page token of this list");
        }
        return ListPages.indexOf(models, lastId, tokenParameter) + 1;
    }
}
