package io.llmrouter.core.convert.gemini;

import io.llmrouter.core.convert.ToolArguments;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.BaseUrls;
import io.llmrouter.core.convert.Json;
import io.llmrouter.core.convert.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/** Encodes the intermediate request as a generateContent call (camelCase, as Google's SDKs send it). */
final class GeminiRequestEncoder {

    private static final Logger LOG = Logger.getLogger(GeminiRequestEncoder.class);

    /**
     * Gemini 3 rejects a history whose model function calls lack their {@code thoughtSignature} (400 "Function call
     * ... is missing a thought_signature"). The IR cannot carry Google's opaque signatures across protocols, so the
     * first call of each model turn gets the documented bypass value (ai.google.dev/gemini-api/docs/thought-signatures).
     */
    static final String SIGNATURE_BYPASS = "skip_thought_signature_validator";

    UpstreamRequest encode(ChatRequest request, String model, Key key) {
        ObjectNode root = Json.object();
        if (request.system() != null && !request.system().isEmpty()) {
            root.putObject("systemInstruction").putArray("parts").addObject().put("text", request.system());
        }
        root.set("contents", contents(request));
        if (!request.tools().isEmpty()) {
            ArrayNode decls = root.putArray("tools").addObject().putArray("functionDeclarations");
            for (ToolDefinition tool : request.tools()) {
                ObjectNode d = decls.addObject().put("name", tool.name());
                if (tool.description() != null) {
                    d.put("description", tool.description());
                }
                ObjectNode params = GeminiSchemas.sanitizeParameters(tool.parameters());
                if (params != null) {
                    d.set("parameters", params);
                }
            }
        }
        toolConfig(request.toolChoice(), root);
        if (request.parallelToolCalls() != null) {
            LOG.debug("dropping parallelToolCalls: Gemini has no switch for it");
        }
        ObjectNode gen = generationConfig(request);
        if (!gen.isEmpty()) {
            root.set("generationConfig", gen);
        }
        return upstream(Json.bytes(root), request.stream(), model, key);
    }

    /** Same protocol: the client's body goes out as sent (the model lives in the URL, Gemini streams usage anyway). */
    UpstreamRequest passthrough(ObjectNode body, ChatRequest decoded, String model, Key key) {
        return upstream(Json.bytes(body), decoded.stream(), model, key);
    }

    private static UpstreamRequest upstream(byte[] body, boolean stream, String model, Key key) {
        String m = GeminiFields.bareModel(model);
        String op = "/models/" + m + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-goog-api-key", key.apiKey());
        headers.put("content-type", "application/json");
        return new UpstreamRequest(BaseUrls.resolve(key, op), headers, body, stream);
    }

    /** One content per turn; adjacent turns of the same Gemini role merge (Gemini expects user/model alternation). */
    private static ArrayNode contents(ChatRequest request) {
        ArrayNode contents = Json.MAPPER.createArrayNode();
        Map<String, String> namesById = new LinkedHashMap<>();
        ObjectNode current = null;
        String currentRole = null;
        for (Message m : request.messages()) {
            String role = m.role() == Role.ASSISTANT ? "model" : "user";
            if (!role.equals(currentRole)) {
                current = contents.addObject().put("role", role);
                current.putArray("parts");
                currentRole = role;
            }
            ArrayNode parts = (ArrayNode) current.get("parts");
            for (ContentPart part : m.content()) {
                if (part instanceof ContentPart.Text t) {
                    parts.addObject().put("text", t.text());
                } else if (part instanceof ContentPart.Image img) {
                    parts.add(image(img));
                } else if (part instanceof ContentPart.ToolCall call) {
                    namesById.put(call.id(), call.name());
                    ObjectNode p = parts.addObject();
                    ObjectNode fc = p.putObject("functionCall").put("name", call.name());
                    fc.set("args", ToolArguments.toObject(call.arguments()));
                    fc.put("id", call.id());
                    if (!hasSignedCall(parts)) {
                        p.put("thoughtSignature", SIGNATURE_BYPASS);
                    }
                } else if (part instanceof ContentPart.ToolResult result) {
                    parts.add(functionResponse(result, namesById));
                }
            }
        }
        return contents;
    }

    private static boolean hasSignedCall(ArrayNode parts) {
        for (JsonNode p : parts) {
            if (p.has("thoughtSignature")) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode functionResponse(ContentPart.ToolResult result, Map<String, String> namesById) {
        String name = result.name();
        if (name == null || name.isEmpty()) {
            name = namesById.get(result.toolCallId());
        }
        if (name == null) {
            throw RouterException.invalidRequest("tool result for call '" + result.toolCallId()
                    + "' names no function and matches no earlier tool call; Gemini links results by function name");
        }
        ObjectNode p = Json.object();
        ObjectNode fr = p.putObject("functionResponse");
        if (result.toolCallId() != null) {
            fr.put("id", result.toolCallId());
        }
        fr.put("name", name);
        fr.set("response", GeminiToolResults.toResponse(result));
        return p;
    }

    /**
     * Inline bytes become {@code inlineData}. URLs: the Gemini Developer API does not fetch arbitrary web URLs
     * ({@code fileData} takes Files-API or {@code gs://} URIs only), and downloading on the client's behalf would
     * make the router an open fetch proxy; such URLs are refused with a 400 telling the client to send base64.
     */
    private static ObjectNode image(ContentPart.Image img) {
        ObjectNode p = Json.object();
        if (img.inline()) {
            p.putObject("inlineData").put("mimeType", img.mediaType()).put("data", img.data());
            return p;
        }
        String url = img.url() == null ? "" : img.url();
        if (isFileUri(url)) {
            p.putObject("fileData").put("mimeType", guessMimeType(url)).put("fileUri", url);
            return p;
        }
        throw RouterException.invalidRequest("image URL '" + abbreviate(url) + "' cannot be sent to a Gemini upstream:"
                + " the Gemini API does not fetch remote image URLs; send the image as base64 (a data: URL) instead");
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

    private static void toolConfig(ToolChoice choice, ObjectNode root) {
        if (choice == null) {
            return;
        }
        ObjectNode cfg = root.putObject("toolConfig").putObject("functionCallingConfig");
        switch (choice.mode()) {
            case AUTO -> cfg.put("mode", "AUTO");
            case NONE -> cfg.put("mode", "NONE");
            case REQUIRED -> cfg.put("mode", "ANY");
            case NAMED -> {
                cfg.put("mode", "ANY");
                cfg.putArray("allowedFunctionNames").add(choice.name());
            }
        }
    }

    private static ObjectNode generationConfig(ChatRequest r) {
        ObjectNode g = Json.object();
        if (r.temperature() != null) {
            g.put("temperature", r.temperature());
        }
        if (r.topP() != null) {
            g.put("topP", r.topP());
        }
        if (r.topK() != null) {
            g.put("topK", r.topK());
        }
        if (r.maxTokens() != null) {
            g.put("maxOutputTokens", r.maxTokens());
        }
        if (!r.stop().isEmpty()) {
            ArrayNode stops = g.putArray("stopSequences");
            r.stop().forEach(stops::add);
        }
        if (r.seed() != null) {
            g.put("seed", r.seed());
        }
        if (r.presencePenalty() != null) {
            g.put("presencePenalty", r.presencePenalty());
        }
        if (r.frequencyPenalty() != null) {
            g.put("frequencyPenalty", r.frequencyPenalty());
        }
        return g;
    }
}
