package io.llmrouter.core.convert.gemini;

import static io.llmrouter.core.convert.gemini.GeminiNames.field;
import static io.llmrouter.core.convert.gemini.GeminiNames.list;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.api.error.Echo;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.ToolCallIds;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.InboundContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Decodes a client's generateContent body (camelCase or snake_case) into the intermediate request. */
final class GeminiRequestDecoder {

    /** The fields read into the intermediate form, at the top and in {@code generationConfig}. */
    private static final Set<String> READ = GeminiNames.read("contents", "systemInstruction", "tools", "toolConfig",
            "generationConfig");
    private static final Set<String> CONFIG_READ = GeminiNames.read("temperature", "topP", "topK", "maxOutputTokens",
            "seed", "presencePenalty", "frequencyPenalty", "stopSequences", "responseMimeType", "responseJsonSchema",
            "responseSchema", "candidateCount", "thinkingConfig");
    /** The fields read of the nested objects. */
    private static final Set<String> CONTENT_READ = GeminiNames.read("role", "parts");
    private static final Set<String> PART_READ = GeminiNames.read("text", "thought", "thoughtSignature",
            "functionCall", "functionResponse", "inlineData", "fileData");
    private static final Set<String> CALL_READ = GeminiNames.read("name", "args", "id");
    private static final Set<String> RESPONSE_READ = GeminiNames.read("name", "id", "response");
    private static final Set<String> INLINE_READ = GeminiNames.read("mimeType", "data");
    private static final Set<String> FILE_READ = GeminiNames.read("mimeType", "fileUri");
    private static final Set<String> SYSTEM_READ = GeminiNames.read("role", "parts");
    private static final Set<String> SYSTEM_PART_READ = GeminiNames.read("text");
    private static final Set<String> TOOL_READ = GeminiNames.read("functionDeclarations");
    private static final Set<String> DECLARATION_READ = GeminiNames.read("name", "description", "parameters",
            "parametersJsonSchema");
    private static final Set<String> THINKING_READ = GeminiNames.read("thinkingBudget", "thinkingLevel",
            "includeThoughts");

    /** Decodes; what the intermediate form has no place for is reported to {@code drops}. */
    ChatRequest decode(ObjectNode root, InboundContext ctx, Drops drops) {
        try {
            return read(root, ctx, drops);
        } catch (RouterException e) {
            throw e;
        } catch (RuntimeException e) {
            // Defensive: any surprise in a malformed body is still the caller's 400, never a 500.
            throw RouterException.invalidRequest("request body could not be read: " + e.getClass().getSimpleName());
        }
    }

    private ChatRequest read(ObjectNode root, InboundContext ctx, Drops drops) {
        ChatRequest.Builder b = ChatRequest.builder();
        b.model(GeminiNames.bareModel(ctx == null ? null : ctx.pathModel()));
        boolean stream = ctx != null && ctx.streamRoute();
        // Gemini streams always carry usageMetadata, so a Gemini client always expects usage.
        b.stream(stream).includeUsage(stream);
        b.system(system(field(root, "systemInstruction"), drops));
        b.messages(messages(field(root, "contents"), drops));
        b.tools(tools(field(root, "tools"), drops));
        b.toolChoice(toolChoice(field(root, "toolConfig"), drops));
        generationConfig(field(root, "generationConfig"), b, drops);
        drops.unread(root, READ, "");
        return b.build();
    }

    private static String system(JsonNode instruction, Drops drops) {
        if (instruction == null) {
            return null;
        }
        if (instruction.isTextual()) {
            return instruction.asText(); // the JS SDK accepts a plain string here
        }
        drops.unread(Fields.object(instruction, "systemInstruction"), SYSTEM_READ, "systemInstruction.");
        List<String> texts = new ArrayList<>();
        for (JsonNode part : list(field(instruction, "parts"), "systemInstruction.parts")) {
            ObjectNode p = Fields.object(part, "systemInstruction.parts[]");
            drops.unread(p, SYSTEM_PART_READ, "systemInstruction.parts[].");
            String t = Fields.optString(field(p, "text"), "systemInstruction.parts[].text");
            if (t != null) {
                texts.add(t);
            }
        }
        return texts.isEmpty() ? null : String.join("\n\n", texts);
    }

    private static List<Message> messages(JsonNode contents, Drops drops) {
        if (contents == null) {
            throw Fields.required("contents");
        }
        List<JsonNode> items = list(contents, "contents");
        if (items.isEmpty()) {
            throw Fields.invalid("contents", "must not be empty");
        }
        List<Message> out = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "contents[" + i + "]";
            ObjectNode content = Fields.object(items.get(i), path);
            drops.unread(content, CONTENT_READ, "contents[].");
            String role = Fields.optString(field(content, "role"), path + ".role");
            role = role == null || role.isEmpty() ? "user" : role.toLowerCase(Locale.ROOT);
            List<JsonNode> parts = list(field(content, "parts"), path + ".parts");
            switch (role) {
                case "model", "assistant" -> modelTurn(parts, path, out, drops);
                case "user", "function", "tool" -> userTurn(parts, path, out, answered, drops);
                default -> throw Fields.invalid(path + ".role", "must be 'user' or 'model', got '"
                        + Echo.of(role) + "'");
            }
        }
        return out;
    }

    private static void modelTurn(List<JsonNode> parts, String path, List<Message> out, Drops drops) {
        List<ContentPart> content = new ArrayList<>();
        String seed = Integer.toString(out.size());
        int callIndex = 0;
        GeminiThinking.Reader thoughts = new GeminiThinking.Reader();
        for (int j = 0; j < parts.size(); j++) {
            String p = path + ".parts[" + j + "]";
            ObjectNode part = Fields.object(parts.get(j), p);
            drops.unread(part, PART_READ, "contents[].parts[].");
            if (thoughts.read(part, content)) {
                continue;
            }
            JsonNode call = field(part, "functionCall");
            if (call != null) {
                drops.unread(Fields.object(call, p + ".functionCall"), CALL_READ, "contents[].parts[].functionCall.");
                String name = requiredName(call, p + ".functionCall");
                JsonNode args = field(call, "args");
                String arguments = args == null ? "{}" : Json.text(args);
                String id = Fields.optString(field(call, "id"), p + ".functionCall.id");
                if (id == null || id.isEmpty()) {
                    id = ToolCallIds.synthesize(seed, callIndex, name, arguments);
                }
                callIndex++;
                content.add(new ContentPart.ToolCall(id, name, arguments));
            } else {
                ContentPart media = textOrMedia(part, p, drops);
                if (media != null && !(media instanceof ContentPart.Text t && t.text().isEmpty()
                        && GeminiThinking.signature(part) != null)) {
                    content.add(media);
                }
            }
        }
        thoughts.flush(content);
        if (!content.isEmpty()) {
            out.add(new Message(Role.ASSISTANT, content));
        }
    }

    /**
     * A user turn may mix function responses and text: the results become a TOOL message and the rest a following
     * USER message (IR rule shared with the Anthropic codec).
     */
    private static void userTurn(List<JsonNode> parts, String path, List<Message> out, Set<String> answered,
                                 Drops drops) {
        List<ContentPart> results = new ArrayList<>();
        List<ContentPart> user = new ArrayList<>();
        for (int j = 0; j < parts.size(); j++) {
            String p = path + ".parts[" + j + "]";
            ObjectNode part = Fields.object(parts.get(j), p);
            drops.unread(part, PART_READ, "contents[].parts[].");
            JsonNode response = field(part, "functionResponse");
            if (response != null) {
                drops.unread(Fields.object(response, p + ".functionResponse"), RESPONSE_READ,
                        "contents[].parts[].functionResponse.");
                results.add(toolResult(Fields.object(response, p + ".functionResponse"), p, out, results,
                        answered));
            } else if (GeminiThinking.isThought(part)) {
                // Thoughts are the model's; in a user turn they are no one's.
                drops.field("contents[].parts[].thought");
            } else {
                ContentPart media = textOrMedia(part, p, drops);
                if (media != null) {
                    user.add(media);
                }
            }
        }
        if (!results.isEmpty()) {
            out.add(new Message(Role.TOOL, results));
        }
        if (!user.isEmpty()) {
            out.add(new Message(Role.USER, user));
        }
    }

    private static ContentPart.ToolResult toolResult(JsonNode fr, String p, List<Message> history,
                                                     List<ContentPart> sameTurn, Set<String> answered) {
        String name = requiredName(fr, p + ".functionResponse");
        String id = Fields.optString(field(fr, "id"), p + ".functionResponse.id");
        if (id == null || id.isEmpty()) {
            id = earlierCallId(history, name, answered);
        }
        if (id == null) {
            id = ToolCallIds.synthesize(Integer.toString(history.size()), sameTurn.size(), name, null);
        }
        answered.add(id);
        return GeminiToolResults.fromResponse(id, name, field(fr, "response"));
    }

    /** Gemini links results by name: the first earlier call of that name not yet answered. */
    private static String earlierCallId(List<Message> history, String name, Set<String> answered) {
        for (Message m : history) {
            if (m.role() != Role.ASSISTANT) {
                continue;
            }
            for (ContentPart part : m.content()) {
                if (part instanceof ContentPart.ToolCall call && call.name().equals(name)
                        && !answered.contains(call.id())) {
                    return call.id();
                }
            }
        }
        return null;
    }

    private static ContentPart textOrMedia(JsonNode part, String p, Drops drops) {
        JsonNode text = field(part, "text");
        if (text != null) {
            if (!text.isTextual()) {
                throw Fields.invalid(p + ".text", "must be a string");
            }
            return new ContentPart.Text(text.asText());
        }
        JsonNode inline = field(part, "inlineData");
        if (inline != null) {
            drops.unread(Fields.object(inline, p + ".inlineData"), INLINE_READ, "contents[].parts[].inlineData.");
            String mime = Fields.optString(field(inline, "mimeType"), p + ".inlineData.mimeType");
            String data = Fields.optString(field(inline, "data"), p + ".inlineData.data");
            if (mime == null || data == null) {
                throw Fields.invalid(p + ".inlineData", "needs mimeType and data");
            }
            return ContentPart.Image.ofBase64(mime, data);
        }
        JsonNode file = field(part, "fileData");
        if (file != null) {
            drops.unread(Fields.object(file, p + ".fileData"), FILE_READ, "contents[].parts[].fileData.");
            String uri = Fields.optString(field(file, "fileUri"), p + ".fileData.fileUri");
            if (uri == null) {
                throw Fields.required(p + ".fileData.fileUri");
            }
            return ContentPart.Image.ofUrl(uri);
        }
        // executableCode, codeExecutionResult, videoMetadata, bare thoughtSignature parts: no IR equivalent.
        drops.field("contents[].parts[]." + (part.isEmpty() ? "(empty)" : part.fieldNames().next()));
        return null;
    }

    private static String requiredName(JsonNode node, String path) {
        String name = Fields.optString(field(node, "name"), path + ".name");
        if (name == null || name.isEmpty()) {
            throw Fields.required(path + ".name");
        }
        return name;
    }

    private static List<ToolDefinition> tools(JsonNode tools, Drops drops) {
        List<ToolDefinition> out = new ArrayList<>();
        List<JsonNode> items = list(tools, "tools");
        for (int i = 0; i < items.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = Fields.object(items.get(i), path);
            JsonNode decls = field(tool, "functionDeclarations");
            if (decls == null) {
                // Only functionDeclarations map to the IR (googleSearch, codeExecution do not).
                drops.field("tools[]." + (tool.isEmpty() ? "(empty)" : tool.fieldNames().next()));
                continue;
            }
            drops.unread((ObjectNode) tool, TOOL_READ, "tools[].");
            List<JsonNode> fns = list(decls, path + ".functionDeclarations");
            for (int j = 0; j < fns.size(); j++) {
                String p = path + ".functionDeclarations[" + j + "]";
                ObjectNode fn = Fields.object(fns.get(j), p);
                drops.unread(fn, DECLARATION_READ, "tools[].functionDeclarations[].");
                String name = requiredName(fn, p);
                String description = Fields.optString(field(fn, "description"), p + ".description");
                JsonNode params = field(fn, "parameters");
                if (params == null) {
                    params = field(fn, "parametersJsonSchema");
                }
                ObjectNode schema = null;
                if (params != null) {
                    schema = GeminiSchemas.toJsonSchema(Fields.object(params, p + ".parameters"));
                }
                out.add(new ToolDefinition(name, description, schema));
            }
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode toolConfig, Drops drops) {
        if (toolConfig == null) {
            return null;
        }
        JsonNode cfg = field(Fields.object(toolConfig, "toolConfig"), "functionCallingConfig");
        if (cfg == null) {
            return null;
        }
        String path = "toolConfig.functionCallingConfig";
        Fields.object(cfg, path);
        String mode = Fields.optString(field(cfg, "mode"), path + ".mode");
        List<String> allowed = new ArrayList<>();
        for (JsonNode n : list(field(cfg, "allowedFunctionNames"), path + ".allowedFunctionNames")) {
            allowed.add(n.asText());
        }
        if (mode == null) {
            return null;
        }
        return switch (mode.toUpperCase(Locale.ROOT)) {
            case "AUTO", "MODE_UNSPECIFIED" -> ToolChoice.AUTO;
            case "NONE" -> ToolChoice.NONE;
            case "ANY" -> {
                if (allowed.size() == 1) {
                    yield ToolChoice.named(allowed.get(0));
                }
                if (allowed.size() > 1) {
                    // The IR has no subset choice: any tool is required.
                    drops.field(path + ".allowedFunctionNames");
                }
                yield ToolChoice.REQUIRED;
            }
            case "VALIDATED" -> {
                // No IR equivalent: the model chooses freely.
                drops.field(path + ".mode=VALIDATED");
                yield ToolChoice.AUTO;
            }
            default -> throw Fields.invalid(path + ".mode", "must be AUTO, ANY, NONE or VALIDATED");
        };
    }

    private static void generationConfig(JsonNode config, ChatRequest.Builder b, Drops drops) {
        if (config == null) {
            return;
        }
        String p = "generationConfig";
        drops.unread(Fields.object(config, p), CONFIG_READ, p + ".");
        b.temperature(Fields.optNumber(field(config, "temperature"), p + ".temperature"));
        b.topP(Fields.optNumber(field(config, "topP"), p + ".topP"));
        b.topK(Fields.optInt(field(config, "topK"), p + ".topK"));
        b.maxTokens(Fields.optInt(field(config, "maxOutputTokens"), p + ".maxOutputTokens"));
        b.seed(Fields.optLong(field(config, "seed"), p + ".seed"));
        b.presencePenalty(Fields.optNumber(field(config, "presencePenalty"), p + ".presencePenalty"));
        b.frequencyPenalty(Fields.optNumber(field(config, "frequencyPenalty"), p + ".frequencyPenalty"));
        JsonNode stops = field(config, "stopSequences");
        // A bare string is one stop sequence, as Google's SDKs accept it.
        b.stop(stops != null && stops.isTextual() ? List.of(stops.asText())
                : Fields.strings(stops, p + ".stopSequences"));
        b.responseFormat(responseFormat(config, p, drops));
        b.reasoning(GeminiThinking.decode(field(config, "thinkingConfig")));
        if (field(config, "thinkingConfig") instanceof ObjectNode thinking) {
            drops.unread(thinking, THINKING_READ, p + ".thinkingConfig.");
        }
        Integer candidates = Fields.optInt(field(config, "candidateCount"), p + ".candidateCount");
        if (candidates != null && candidates != 1) {
            // The router returns a single candidate.
            drops.field(p + ".candidateCount");
        }
    }

    /**
     * JSON mode: {@code responseMimeType: application/json}, constrained by {@code responseJsonSchema} (JSON Schema)
     * or {@code responseSchema} (Gemini's OpenAPI subset, whose upper-case types become JSON Schema's). Other
     * mime types ({@code text/plain}, {@code text/x.enum}) ask for text; a schema without the JSON mime type is
     * refused by Gemini itself and carries no JSON request here either.
     */
    private static ResponseFormat responseFormat(JsonNode config, String p, Drops drops) {
        String mime = Fields.optString(field(config, "responseMimeType"), p + ".responseMimeType");
        if (mime == null || !"application/json".equalsIgnoreCase(mime.trim())) {
            if (mime != null && !"text/plain".equalsIgnoreCase(mime.trim())) {
                // Only application/json has an IR form.
                drops.field(p + ".responseMimeType");
            }
            return null;
        }
        JsonNode jsonSchema = field(config, "responseJsonSchema");
        if (jsonSchema != null) {
            return ResponseFormat.jsonSchema(Fields.object(jsonSchema, p + ".responseJsonSchema"));
        }
        JsonNode schema = field(config, "responseSchema");
        if (schema != null) {
            ObjectNode openApi = Fields.object(schema, p + ".responseSchema");
            return ResponseFormat.jsonSchema(GeminiSchemas.toJsonSchema(openApi));
        }
        return ResponseFormat.jsonObject();
    }
}
