package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.convert.ToolArguments;
import io.llmrouter.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Encodes the intermediate request as a generateContent call (camelCase, as Google's SDKs send it). */
final class GeminiRequestEncoder {

    /**
     * Gemini 3 rejects a history whose model function calls lack their {@code thoughtSignature} (400 "Function call
     * ... is missing a thought_signature"). The IR cannot carry Google's opaque signatures across protocols, so the
     * first call of each model turn gets the documented bypass value
     * (ai.google.dev/gemini-api/docs/thought-signatures).
     */
    static final String SIGNATURE_BYPASS = "skip_thought_signature_validator";

    /**
     * The generateContent body for {@code request}. {@code systemInstructions} says whether the API called takes a
     * {@code systemInstruction} ({@link GeminiWire#takesSystemInstruction}); what it cannot carry goes to
     * {@code drops}.
     */
    byte[] encode(ChatRequest request, String model, boolean systemInstructions, Drops drops) {
        // Everything that can refuse the request (unlinked tool results, image URLs, strict drops) runs before
        // anything is written.
        List<Content> contents = contents(request, drops);
        boolean systemInstruction = request.system() != null && !request.system().isEmpty();
        if (systemInstruction && !systemInstructions) {
            // The stable v1 API answers 400 "Unknown name \"systemInstruction\"" (docs/protocols.md#provider-dialects):
            // the system prompt goes first in the first user turn instead, as gateways that support v1 do.
            leadWithSystem(contents, request.system());
            systemInstruction = false;
        }
        List<ObjectNode> parameters = new ArrayList<>(request.tools().size());
        for (ToolDefinition tool : request.tools()) {
            parameters.add(GeminiSchemas.sanitizeParameters(tool.parameters(), drops));
        }
        if (request.parallelToolCalls() != null) {
            drops.lost(IrField.PARALLEL_TOOL_CALLS);
        }
        if (request.user() != null) {
            drops.lost(IrField.USER);
        }
        if (!request.metadata().isEmpty()) {
            drops.lost(IrField.METADATA);
        }
        ObjectNode responseSchema = request.responseFormat() == null ? null
                : GeminiSchemas.sanitizeResponseSchema(request.responseFormat().schema(), drops);
        boolean withSystemInstruction = systemInstruction;
        return Json.write(g -> write(g, request, model, withSystemInstruction, contents, parameters, responseSchema));
    }

    /** The system prompt as the first part of the first user turn, or as a user turn of its own before a model one. */
    private static void leadWithSystem(List<Content> contents, String system) {
        Content first = contents.isEmpty() ? null : contents.get(0);
        if (first == null || !"user".equals(first.role)) {
            first = new Content("user");
            contents.add(0, first);
        }
        first.parts.add(0, g -> {
            g.writeStartObject();
            g.writeStringField("text", system);
            g.writeEndObject();
        });
    }

    private static void write(JsonGenerator g, ChatRequest request, String model, boolean withSystemInstruction,
                              List<Content> contents, List<ObjectNode> parameters, ObjectNode responseSchema)
            throws IOException {
        g.writeStartObject();
        if (withSystemInstruction) {
            g.writeObjectFieldStart("systemInstruction");
            g.writeArrayFieldStart("parts");
            g.writeStartObject();
            g.writeStringField("text", request.system());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeArrayFieldStart("contents");
        for (Content c : contents) {
            c.write(g);
        }
        g.writeEndArray();
        if (!request.tools().isEmpty()) {
            g.writeArrayFieldStart("tools");
            g.writeStartObject();
            g.writeArrayFieldStart("functionDeclarations");
            for (int i = 0; i < request.tools().size(); i++) {
                ToolDefinition tool = request.tools().get(i);
                g.writeStartObject();
                g.writeStringField("name", tool.name());
                if (tool.description() != null) {
                    g.writeStringField("description", tool.description());
                }
                if (parameters.get(i) != null) {
                    g.writeFieldName("parameters");
                    g.writeTree(parameters.get(i));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
        }
        toolConfig(g, request.toolChoice());
        generationConfig(g, request, model, responseSchema);
        g.writeEndObject();
    }

    /**
     * One content per turn; adjacent turns of the same Gemini role merge (Gemini expects user/model alternation).
     * Gemini's own reasoning goes back as it came: its thoughts, then its signature on the part that followed them.
     */
    private static List<Content> contents(ChatRequest request, Drops drops) {
        List<Content> contents = new ArrayList<>();
        Map<String, String> namesById = new LinkedHashMap<>();
        Content current = null;
        for (Message m : request.messages()) {
            String role = m.role() == Role.ASSISTANT ? "model" : "user";
            if (current == null || !role.equals(current.role)) {
                if (current != null) {
                    current.endTurn();
                }
                current = new Content(role);
                contents.add(current);
            }
            for (ContentPart part : m.content()) {
                if (part instanceof ContentPart.Text t) {
                    String signature = current.takeSignature();
                    current.parts.add(g -> {
                        g.writeStartObject();
                        g.writeStringField("text", t.text());
                        if (signature != null) {
                            g.writeStringField("thoughtSignature", signature);
                        }
                        g.writeEndObject();
                    });
                } else if (part instanceof ContentPart.Image img) {
                    current.endTurn();
                    current.parts.add(image(img));
                } else if (part instanceof ContentPart.ToolCall call) {
                    namesById.put(call.id(), call.name());
                    String signature = current.takeSignature();
                    current.parts.add(functionCall(call, signature != null ? signature
                            : current.signed ? null : SIGNATURE_BYPASS));
                    current.signed = true;
                } else if (part instanceof ContentPart.ToolResult result) {
                    current.parts.add(functionResponse(result, namesById));
                } else if (part instanceof ContentPart.Reasoning r) {
                    reasoning(r, current, drops);
                }
            }
        }
        if (current != null) {
            current.endTurn();
        }
        return contents;
    }

    /** Gemini's own reasoning in a model turn: its thoughts, its signature held for the next part. */
    private static void reasoning(ContentPart.Reasoning r, Content turn, Drops drops) {
        if (!r.signedBy(Protocol.GEMINI) || !"model".equals(turn.role)) {
            if (!r.text().isEmpty() || r.signature() != null) {
                drops.lost(IrField.REASONING_HISTORY);
            }
            return;
        }
        turn.endTurn();
        if (!r.text().isEmpty()) {
            turn.parts.add(g -> {
                g.writeStartObject();
                g.writeStringField("text", r.text());
                g.writeBooleanField("thought", true);
                g.writeEndObject();
            });
        }
        turn.signature = r.signature();
    }

    /** A model function call, with the thought signature it carries (Gemini's own, or the bypass), if any. */
    private static Json.Writer functionCall(ContentPart.ToolCall call, String signature) {
        JsonNode args = ToolArguments.toObject(call.arguments());
        return g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("functionCall");
            g.writeStringField("name", call.name());
            g.writeFieldName("args");
            g.writeTree(args);
            g.writeStringField("id", call.id());
            g.writeEndObject();
            if (signature != null) {
                g.writeStringField("thoughtSignature", signature);
            }
            g.writeEndObject();
        };
    }

    private static Json.Writer functionResponse(ContentPart.ToolResult result, Map<String, String> namesById) {
        String name = result.name();
        if (name == null || name.isEmpty()) {
            name = namesById.get(result.toolCallId());
        }
        if (name == null) {
            throw RouterException.invalidRequest("tool result for call '" + result.toolCallId()
                    + "' names no function and matches no earlier tool call; Gemini links results by function name");
        }
        String function = name;
        ObjectNode response = GeminiToolResults.toResponse(result);
        return g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("functionResponse");
            if (result.toolCallId() != null) {
                g.writeStringField("id", result.toolCallId());
            }
            g.writeStringField("name", function);
            g.writeFieldName("response");
            g.writeTree(response);
            g.writeEndObject();
            g.writeEndObject();
        };
    }

    /**
     * Inline bytes become {@code inlineData}. URLs: the Gemini Developer API does not fetch arbitrary web URLs
     * ({@code fileData} takes Files-API or {@code gs://} URIs only), and downloading on the client's behalf would
     * make the router an open fetch proxy; such URLs are refused with a 400 telling the client to send base64.
     */
    private static Json.Writer image(ContentPart.Image img) {
        if (img.inline()) {
            return g -> filePart(g, "inlineData", img.mediaType(), "data", img.data());
        }
        String url = img.url() == null ? "" : img.url();
        if (isFileUri(url)) {
            String mimeType = guessMimeType(url);
            return g -> filePart(g, "fileData", mimeType, "fileUri", url);
        }
        throw RouterException.invalidRequest("image URL '" + abbreviate(url) + "' cannot be sent to a Gemini upstream:"
                + " the Gemini API does not fetch remote image URLs; send the image as base64 (a data: URL) instead");
    }

    private static void filePart(JsonGenerator g, String kind, String mimeType, String field, String value)
            throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart(kind);
        g.writeStringField("mimeType", mimeType);
        g.writeStringField(field, value);
        g.writeEndObject();
        g.writeEndObject();
    }

    static boolean isFileUri(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("gs://") || u.startsWith("https://generativelanguage.googleapis.com/")
                && u.contains("/files/");
    }

    private static String guessMimeType(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.endsWith(".png")) {
            return "image/png";
        } else if (u.endsWith(".gif")) {
            return "image/gif";
        } else if (u.endsWith(".webp")) {
            return "image/webp";
        } else if (u.endsWith(".heic")) {
            return "image/heic";
        }
        // Files-API URIs carry no extension; JPEG is the common case and the server checks the stored type anyway.
        return "image/jpeg";
    }

    private static String abbreviate(String url) {
        return url.length() <= 80 ? url : url.substring(0, 77) + "...";
    }

    private static void toolConfig(JsonGenerator g, ToolChoice choice) throws IOException {
        if (choice == null) {
            return;
        }
        g.writeObjectFieldStart("toolConfig");
        g.writeObjectFieldStart("functionCallingConfig");
        switch (choice.mode()) {
            case AUTO -> g.writeStringField("mode", "AUTO");
            case NONE -> g.writeStringField("mode", "NONE");
            case REQUIRED -> g.writeStringField("mode", "ANY");
            case NAMED -> {
                g.writeStringField("mode", "ANY");
                g.writeArrayFieldStart("allowedFunctionNames");
                g.writeString(choice.name());
                g.writeEndArray();
            }
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** generationConfig, left out when the request sets none of its fields. */
    private static void generationConfig(JsonGenerator g, ChatRequest r, String model, ObjectNode responseSchema)
            throws IOException {
        if (r.temperature() == null && r.topP() == null && r.topK() == null && r.maxTokens() == null
                && r.stop().isEmpty() && r.seed() == null && r.presencePenalty() == null
                && r.frequencyPenalty() == null && r.responseFormat() == null && r.reasoning() == null) {
            return;
        }
        g.writeObjectFieldStart("generationConfig");
        if (r.temperature() != null) {
            g.writeNumberField("temperature", r.temperature());
        }
        if (r.topP() != null) {
            g.writeNumberField("topP", r.topP());
        }
        if (r.topK() != null) {
            g.writeNumberField("topK", r.topK());
        }
        if (r.maxTokens() != null) {
            g.writeNumberField("maxOutputTokens", r.maxTokens());
        }
        if (!r.stop().isEmpty()) {
            g.writeArrayFieldStart("stopSequences");
            for (String stop : r.stop()) {
                g.writeString(stop);
            }
            g.writeEndArray();
        }
        if (r.seed() != null) {
            g.writeNumberField("seed", r.seed());
        }
        if (r.presencePenalty() != null) {
            g.writeNumberField("presencePenalty", r.presencePenalty());
        }
        if (r.frequencyPenalty() != null) {
            g.writeNumberField("frequencyPenalty", r.frequencyPenalty());
        }
        if (r.responseFormat() != null) {
            g.writeStringField("responseMimeType", "application/json");
            // responseSchema (the OpenAPI subset, sanitized as tool parameters are) rather than responseJsonSchema,
            // which only newer models accept.
            if (responseSchema != null) {
                g.writeFieldName("responseSchema");
                g.writeTree(responseSchema);
            }
        }
        if (r.reasoning() != null) {
            GeminiThinking.write(g, r.reasoning(), model);
        }
        g.writeEndObject();
    }

    /**
     * One content being built: its role and parts, whether a function call in it carries a signature, and Gemini's
     * signature waiting for the part it belongs on.
     */
    private static final class Content {
        final String role;
        final List<Json.Writer> parts = new ArrayList<>();
        boolean signed;
        String signature;

        Content(String role) {
            this.role = role;
        }

        /** The waiting signature, now placed. */
        String takeSignature() {
            String s = signature;
            signature = null;
            return s;
        }

        /** A signature no part followed goes on an empty text part of its own, as Gemini sends it. */
        void endTurn() {
            String s = takeSignature();
            if (s != null) {
                parts.add(g -> {
                    g.writeStartObject();
                    g.writeStringField("text", "");
                    g.writeStringField("thoughtSignature", s);
                    g.writeEndObject();
                });
            }
        }

        void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("role", role);
            g.writeArrayFieldStart("parts");
            for (Json.Writer part : parts) {
                part.write(g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
