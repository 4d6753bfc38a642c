package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.core.security.Redactor;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code response} object a Responses client gets, complete and inside the stream's {@code response.created},
 * {@code response.in_progress} and terminal events. Request parameters are echoed from the request as the router
 * decoded it ({@code tools}, {@code tool_choice} and {@code parallel_tool_calls} are required by openai-java); the
 * router keeps no state, so {@code store} is always false and {@code previous_response_id} always null.
 *
 * @param id        the response id ({@link ResponsesItems#responseId})
 * @param createdAt epoch seconds
 * @param model     the model that answered, or the one asked for
 */
record ResponseObject(String id, long createdAt, String model) {

    /** How a response ended, with what it carries. */
    record Outcome(String status, TokenCounts usage, ApiError error, String incompleteReason) {

        static final Outcome IN_PROGRESS = new Outcome("in_progress", null, null, null);
    }

    /** Writes the object. {@code usage} null writes {@code usage: null} (a response still in progress). */
    void write(JsonGenerator g, ChatRequest request, List<ResponsesItems.Item> output, Outcome outcome)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("object", "response");
        g.writeNumberField("created_at", createdAt);
        g.writeStringField("status", outcome.status());
        if (outcome.error() == null) {
            g.writeNullField("error");
        } else {
            g.writeObjectFieldStart("error");
            g.writeStringField("code", ResponsesErrors.streamCode(outcome.error()));
            g.writeStringField("message", Redactor.redactMarked(outcome.error().message()));
            g.writeEndObject();
        }
        if (outcome.incompleteReason() == null) {
            g.writeNullField("incomplete_details");
        } else {
            g.writeObjectFieldStart("incomplete_details");
            g.writeStringField("reason", outcome.incompleteReason());
            g.writeEndObject();
        }
        stringOrNull(g, "instructions", request == null ? null : request.system());
        if (request == null || request.maxTokens() == null) {
            g.writeNullField("max_output_tokens");
        } else {
            g.writeNumberField("max_output_tokens", request.maxTokens());
        }
        g.writeStringField("model", model == null ? "" : model);
        g.writeArrayFieldStart("output");
        for (ResponsesItems.Item item : output) {
            item.write(g);
        }
        g.writeEndArray();
        g.writeBooleanField("parallel_tool_calls", request == null || request.parallelToolCalls() == null
                || request.parallelToolCalls());
        g.writeNullField("previous_response_id");
        ReasoningConfig reasoning = request == null ? null : request.reasoning();
        g.writeObjectFieldStart("reasoning");
        stringOrNull(g, "effort", reasoning == null ? null : ResponsesReasoning.effort(reasoning));
        stringOrNull(g, "summary", reasoning != null && Boolean.TRUE.equals(reasoning.includeThoughts()) ? "auto"
                : null);
        g.writeEndObject();
        stringOrNull(g, "safety_identifier", request == null ? null : request.user());
        g.writeBooleanField("store", false);
        numberOrNull(g, "temperature", request == null ? null : request.temperature());
        g.writeFieldName("text");
        g.writeTree(ResponsesParameters.text(request == null ? null : request.responseFormat()));
        g.writeFieldName("tool_choice");
        g.writeTree(ResponsesParameters.toolChoice(request == null ? null : request.toolChoice()));
        g.writeFieldName("tools");
        g.writeTree(ResponsesParameters.tools(request == null ? List.of() : request.tools()));
        numberOrNull(g, "top_p", request == null ? null : request.topP());
        g.writeStringField("truncation", "disabled");
        if (outcome.usage() == null) {
            g.writeNullField("usage");
        } else {
            g.writeFieldName("usage");
            ResponsesUsage.write(g, outcome.usage());
        }
        g.writeNullField("user");
        g.writeObjectFieldStart("metadata");
        if (request != null) {
            for (Map.Entry<String, String> e : request.metadata().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void stringOrNull(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    private static void numberOrNull(JsonGenerator g, String name, Double value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }
}
