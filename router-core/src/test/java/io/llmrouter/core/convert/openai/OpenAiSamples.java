package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.ToolChoice;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.core.json.Json;
import java.util.List;

/** Rich intermediate requests shared by the OpenAI codec tests. */
final class OpenAiSamples {

    private OpenAiSamples() {
    }

    static ObjectNode weatherSchema() {
        ObjectNode schema = Json.object().put("type", "object");
        schema.putObject("properties").putObject("city").put("type", "string");
        schema.putArray("required").add("city");
        return schema;
    }

    /** System, multi-turn, URL and base64 images, tools, named choice, calls and results, sampling options. */
    static ChatRequest rich(boolean stream) {
        return ChatRequest.builder()
                .model("gpt-4o")
                .system("You are terse.")
                .messages(List.of(
                        new Message(Role.USER, List.of(new ContentPart.Text("What is here, and the weather?"),
                                ContentPart.Image.ofUrl("https://example.com/a.jpg"),
                                ContentPart.Image.ofBase64("image/png", "iVBORw0KGgo="))),
                        new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Let me check."),
                                new ContentPart.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                                new ContentPart.ToolCall("call_2", "get_weather", "{\"city\":\"Rome\"}"))),
                        new Message(Role.TOOL, List.of(
                                new ContentPart.ToolResult("call_1", "get_weather", "{\"c\":21}", false),
                                new ContentPart.ToolResult("call_2", "get_weather", "sunny", false))),
                        Message.text(Role.ASSISTANT, "Paris 21C, Rome sunny."),
                        Message.text(Role.USER, "Thanks! And Oslo?")))
                .tools(List.of(new ToolDefinition("get_weather", "Weather for a city", weatherSchema())))
                .toolChoice(ToolChoice.named("get_weather"))
                .parallelToolCalls(false)
                .temperature(0.3)
                .topP(0.9)
                .maxTokens(256)
                .stop(List.of("\n\nUser:", "END"))
                .seed(42L)
                .presencePenalty(0.5)
                .frequencyPenalty(-0.5)
                .stream(stream)
                .includeUsage(stream)
                .build();
    }
}
