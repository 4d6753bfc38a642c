package io.llmrouter.core.convert.matrix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.FinishReason;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ResponseFormat;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.api.chat.ToolDefinition;
import io.llmrouter.core.json.Json;
import java.util.List;

/** The shared scenario suite run against every protocol pair (TensorZero's {@code common.rs} idea). */
final class Scenarios {

    static final String MODEL = "router-model";
    static final String SYSTEM = "You are a terse assistant. Answer in one sentence.";
    static final String WEATHER_ARGS = "{\"location\":{\"city\":\"Paris\",\"country\":\"FR\"},\"unit\":\"celsius\"}";
    static final String TIME_ARGS = "{\"timezone\":\"Europe/Paris\"}";
    static final String END_USER = "end-user-7f3a";
    static final String JSON_ANSWER = "{\"city\":\"Paris\",\"temperature\":21,\"sky\":\"clear\"}";
    static final String PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private Scenarios() {
    }

    /** A tool whose parameters are a JSON-schema object with a nested object property. */
    static ToolDefinition weatherTool() {
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ObjectNode location = props.putObject("location").put("type", "object")
                .put("description", "Where to look");
        ObjectNode locProps = location.putObject("properties");
        locProps.putObject("city").put("type", "string").put("description", "City name");
        locProps.putObject("country").put("type", "string").put("description", "ISO country code");
        location.putArray("required").add("city");
        props.putObject("unit").put("type", "string").put("description", "Temperature unit")
                .putArray("enum").add("celsius").add("fahrenheit");
        schema.putArray("required").add("location");
        return new ToolDefinition("get_weather", "Current weather at a location", schema);
    }

    /** A structured-output schema with only keywords every protocol keeps (Gemini's subset included). */
    static ObjectNode weatherReport() {
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("city").put("type", "string").put("description", "City name");
        props.putObject("temperature").put("type", "number");
        props.putObject("sky").put("type", "string").putArray("enum").add("clear").add("cloudy");
        schema.putArray("required").add("city").add("temperature");
        return schema;
    }

    /** A second, flat tool for parallel calls. */
    static ToolDefinition timeTool() {
        ObjectNode schema = Json.object().put("type", "object");
        schema.putObject("properties").putObject("timezone").put("type", "string").put("description", "IANA zone");
        schema.putArray("required").add("timezone");
        return new ToolDefinition("get_time", "Current local time", schema);
    }

    static List<Scenario> all() {
        TokenCounts usage = new TokenCounts(42, 17);
        ContentPart.ToolCall weather = new ContentPart.ToolCall("call_weather_1", "get_weather", WEATHER_ARGS);
        ContentPart.ToolCall time = new ContentPart.ToolCall("call_time_2", "get_time", TIME_ARGS);
        List<ToolDefinition> tools = List.of(weatherTool(), timeTool());
        Message askWeather = Message.text(Role.USER, "What is the weather in Paris?");
        return List.of(
                new Scenario("text_with_system",
                        request(SYSTEM, List.of(Message.text(Role.USER, "Say hello.")), List.of()),
                        text("Hello! How can I help?", FinishReason.STOP, usage)),
                new Scenario("multi_turn",
                        request(SYSTEM, List.of(Message.text(Role.USER, "What is 2+2?"),
                                Message.text(Role.ASSISTANT, "4."),
                                Message.text(Role.USER, "And times 3?")), List.of()),
                        text("12.", FinishReason.STOP, usage)),
                new Scenario("tool_call",
                        request(SYSTEM, List.of(askWeather), tools),
                        answer(List.of(weather), FinishReason.TOOL_CALLS, usage)),
                new Scenario("tool_result_follow_up",
                        request(SYSTEM, List.of(askWeather,
                                new Message(Role.ASSISTANT, List.of(weather)),
                                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_weather_1",
                                        "get_weather", "{\"temperature\":21,\"sky\":\"clear\"}", false)))), tools),
                        text("It is 21 °C and clear in Paris.", FinishReason.STOP, usage)),
                new Scenario("parallel_tool_calls",
                        request(SYSTEM, List.of(Message.text(Role.USER, "Weather and time in Paris?")), tools),
                        answer(List.of(weather, time), FinishReason.TOOL_CALLS, usage)),
                new Scenario("parallel_tool_results",
                        request(SYSTEM, List.of(Message.text(Role.USER, "Weather and time in Paris?"),
                                new Message(Role.ASSISTANT, List.of(weather, time)),
                                new Message(Role.TOOL, List.of(
                                        new ContentPart.ToolResult("call_weather_1", "get_weather",
                                                "{\"temperature\":21}", false),
                                        new ContentPart.ToolResult("call_time_2", "get_time",
                                                "{\"time\":\"14:05\"}", false)))), tools),
                        text("21 °C at 14:05.", FinishReason.STOP, usage)),
                new Scenario("image_url",
                        request(null, List.of(new Message(Role.USER, List.of(new ContentPart.Text("Describe this."),
                                ContentPart.Image.ofUrl("https://example.com/cat.png")))), List.of()),
                        text("A cat.", FinishReason.STOP, usage)),
                new Scenario("image_base64",
                        request(null, List.of(new Message(Role.USER, List.of(new ContentPart.Text("Describe this."),
                                ContentPart.Image.ofBase64("image/png", PNG_BASE64)))), List.of()),
                        text("A single pixel.", FinishReason.STOP, usage)),
                new Scenario("finish_length",
                        request(SYSTEM, List.of(Message.text(Role.USER, "Tell me a long story.")), List.of()),
                        text("Once upon a", FinishReason.LENGTH, usage)),
                new Scenario("finish_stop_sequence",
                        request(SYSTEM, List.of(Message.text(Role.USER, "Count to five.")), List.of()),
                        text("1, 2, 3", FinishReason.STOP_SEQUENCE, usage)),
                new Scenario("finish_content_filter",
                        request(SYSTEM, List.of(Message.text(Role.USER, "Something unsafe.")), List.of()),
                        text("I can't help with that.", FinishReason.CONTENT_FILTER, usage)),
                new Scenario("json_object",
                        request(SYSTEM, List.of(Message.text(Role.USER, "Paris weather as JSON.")), List.of())
                                .toBuilder().responseFormat(ResponseFormat.jsonObject()).build(),
                        text(JSON_ANSWER, FinishReason.STOP, usage)),
                new Scenario("json_schema",
                        request(SYSTEM, List.of(Message.text(Role.USER, "Paris weather as JSON.")), List.of())
                                .toBuilder().responseFormat(ResponseFormat.jsonSchema(weatherReport())).build(),
                        text(JSON_ANSWER, FinishReason.STOP, usage)),
                new Scenario("usage_cached_and_reasoning",
                        request(SYSTEM, List.of(Message.text(Role.USER, "Think, then answer.")), List.of()),
                        text("Done thinking.", FinishReason.STOP, new TokenCounts(1200, 300, 1024, 120))));
    }

    private static ChatRequest request(String system, List<Message> messages, List<ToolDefinition> tools) {
        return ChatRequest.builder().model(MODEL).system(system).messages(messages).tools(tools).maxTokens(256)
                .temperature(0.5).user(END_USER).build();
    }

    private static ChatResponse text(String text, FinishReason reason, TokenCounts usage) {
        return answer(List.of(new ContentPart.Text(text)), reason, usage);
    }

    private static ChatResponse answer(List<ContentPart> content, FinishReason reason, TokenCounts usage) {
        return new ChatResponse("resp_matrix_1", "upstream-model-001", content, reason, usage);
    }
}
