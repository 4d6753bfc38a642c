package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.UUID;

/**
 * The ids and items of a response's {@code output}, shared by the answer and stream encoders so that a streamed and
 * a complete answer to the same events are the same items. Item ids are derived, not random:
 * {@code msg_|fc_|rs_} + the response id's own part + {@code _} + the item's output index.
 */
final class ResponsesItems {

    private ResponsesItems() {
    }

    /** The kinds of output item the router writes. */
    enum Type {
        MESSAGE("msg_", "message"), FUNCTION_CALL("fc_", "function_call"), REASONING("rs_", "reasoning");

        final String prefix;
        final String wire;

        Type(String prefix, String wire) {
            this.prefix = prefix;
            this.wire = wire;
        }
    }

    /**
     * The response id a client gets: the upstream's when it is a Responses id, else {@code resp_} + the upstream's id
     * reduced to letters, digits, {@code _} and {@code -}; a fresh one when the upstream gave none.
     */
    static String responseId(String upstreamId) {
        if (upstreamId == null || upstreamId.isEmpty()) {
            return "resp_" + UUID.randomUUID().toString().replace("-", "");
        }
        if (upstreamId.startsWith("resp_")) {
            return upstreamId;
        }
        StringBuilder sb = new StringBuilder("resp_");
        for (int i = 0; i < upstreamId.length() && sb.length() < 128; i++) {
            char c = upstreamId.charAt(i);
            sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-') ? c : '_');
        }
        return sb.toString();
    }

    /** One output item, complete or (in a stream) growing. */
    static final class Item {

        final Type type;
        final String id;
        final int index;
        /** The message's text, the call's arguments or the reasoning summary. */
        final StringBuilder content = new StringBuilder();
        final String callId;
        final String name;
        /** A reasoning item's {@code encrypted_content}, or null. */
        String encryptedContent;
        boolean done;

        /** An item with the id derived from the response's. */
        Item(Type type, String responseId, int index, String callId, String name) {
            this(type, index, type.prefix + responseId.substring(responseId.startsWith("resp_") ? 5 : 0) + "_" + index,
                    callId, name);
        }

        /** An item with its own id (a provider's reasoning item, whose encrypted content belongs to that id). */
        Item(Type type, int index, String id, String callId, String name) {
            this.type = type;
            this.id = id;
            this.index = index;
            this.callId = callId;
            this.name = name;
        }

        /** The item as {@code response.output_item.added} announces it: in progress, empty. */
        void writeAdded(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("type", type.wire);
            switch (type) {
                case MESSAGE -> {
                    g.writeStringField("status", "in_progress");
                    g.writeStringField("role", "assistant");
                    g.writeArrayFieldStart("content");
                    g.writeEndArray();
                }
                case FUNCTION_CALL -> {
                    g.writeStringField("status", "in_progress");
                    g.writeStringField("call_id", callId);
                    g.writeStringField("name", name);
                    g.writeStringField("arguments", "");
                }
                case REASONING -> {
                    g.writeArrayFieldStart("summary");
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        }

        /** The complete item, as in {@code output} and {@code response.output_item.done}. */
        void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("type", type.wire);
            switch (type) {
                case MESSAGE -> {
                    g.writeStringField("status", "completed");
                    g.writeStringField("role", "assistant");
                    g.writeArrayFieldStart("content");
                    writeTextPart(g, content.toString());
                    g.writeEndArray();
                }
                case FUNCTION_CALL -> {
                    g.writeStringField("status", "completed");
                    g.writeStringField("call_id", callId);
                    g.writeStringField("name", name);
                    g.writeStringField("arguments", content.isEmpty() ? "{}" : content.toString());
                }
                case REASONING -> {
                    g.writeArrayFieldStart("summary");
                    if (!content.isEmpty()) {
                        writeSummaryPart(g, content.toString());
                    }
                    g.writeEndArray();
                    if (encryptedContent != null) {
                        g.writeStringField("encrypted_content", encryptedContent);
                    }
                }
            }
            g.writeEndObject();
        }
    }

    /** An {@code output_text} part ({@code annotations} and {@code logprobs} empty: openai-java requires both). */
    static void writeTextPart(JsonGenerator g, String text) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "output_text");
        g.writeStringField("text", text);
        g.writeArrayFieldStart("annotations");
        g.writeEndArray();
        g.writeArrayFieldStart("logprobs");
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A {@code summary_text} part of a reasoning item. */
    static void writeSummaryPart(JsonGenerator g, String text) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "summary_text");
        g.writeStringField("text", text);
        g.writeEndObject();
    }
}
