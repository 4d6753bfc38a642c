package io.llmrouter.service.protocols;

import io.llmrouter.core.testing.Fixtures;

/**
 * A recorded upstream answer of the repository's fixtures (testdata/fixtures) and what it says.
 *
 * @param file        fixture path relative to the fixtures directory
 * @param contentType the content type the provider sends it with
 * @param text        the visible text it carries, or null when not asserted (tool turns)
 * @param tool        the tool call's name, or null
 * @param args        the tool call's arguments as JSON, or null
 */
record Recorded(String file, String contentType, String text, String tool, String args) {

    private static final String ERICK = "{\"age\":27,\"name\":\"Erick\"}";

    /** The recorded answer an upstream of {@code protocol} gives for this scenario. */
    static Recorded of(String protocol, boolean tools, boolean stream) {
        String json = "application/json";
        String sse = "text/event-stream";
        return switch (protocol + (tools ? "/tools" : "/text") + (stream ? "/stream" : "")) {
            case "openai/text", "azure-openai/text" -> new Recorded("openai/response_text.json", json,
                    "Hello! How can I assist you today?", null, null);
            case "openai/tools", "azure-openai/tools" -> new Recorded("openai/response_tool_call.json", json, null,
                    "get_current_weather", "{\"location\":\"Boston, MA\"}");
            case "openai/text/stream" -> new Recorded("openai/stream_text.sse", sse,
                    "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, "
                            + "I recommend checking a reliable weather website or a weather app.", null, null);
            case "azure-openai/text/stream" -> new Recorded("constructed/openai/azure_stream_preamble.sse", sse,
                    "Hi", null, null);
            case "openai/tools/stream", "azure-openai/tools/stream" -> new Recorded("openai/stream_tool_call.sse",
                    sse, null, "get_weather", "{\"city\":\"New York City\"}");
            case "openai-responses/text" -> new Recorded("openai-responses/response_text.json", json, "Hello.", null,
                    null);
            case "openai-responses/tools" -> new Recorded("openai-responses/response_function_call.json", json, null,
                    "get_weather_at_location", "{\"location\":\"San Francisco, CA\"}");
            case "openai-responses/text/stream" -> new Recorded("openai-responses/stream_text.sse", sse,
                    "Hello! How can I assist you today?", null, null);
            case "openai-responses/tools/stream" -> new Recorded("openai-responses/stream_function_call.sse", sse,
                    null, "get_weather_at_location", "{\"location\":\"San Francisco, CA\"}");
            case "anthropic/text" -> new Recorded("anthropic/response_text.json", json,
                    "The weather in SF is currently **20°C** (68°F) and **Sunny**!", null, null);
            case "anthropic/tools" -> new Recorded("anthropic/response_tool_use.json", json, null, "get_weather",
                    "{\"location\":\"SF\",\"units\":\"c\"}");
            case "anthropic/text/stream" -> new Recorded("anthropic/stream_text.sse", sse,
                    "The weather in San Francisco, CA is currently:\n- **Temperature:** 68°F\n- **Condition:** Sunny"
                            + "\n\nIt's a nice sunny day!", null, null);
            case "anthropic/tools/stream" -> new Recorded("anthropic/stream_tool_use.sse", sse, null, "get_weather",
                    "{\"location\":\"San Francisco, CA\",\"units\":\"f\"}");
            case "gemini/text" -> new Recorded("gemini/response_text.json", json, "Google's headquarters, also known"
                    + " as the Googleplex, is located in **Mountain View, California**.\n", null, null);
            case "gemini/tools" -> new Recorded("gemini/response_function_call_thinking.json", json, null, "now", "{}");
            case "gemini/text/stream" -> new Recorded("gemini/stream_text.sse", sse,
                    "The capital of Wyoming is **Cheyenne**.\n", null, null);
            case "gemini/tools/stream" -> new Recorded("gemini/stream_function_call_thinking.sse", sse, null, "now",
                    "{}");
            case "cohere/text" -> new Recorded("cohere/v1/response_text.json", json, "You're Pickle Rick! Wow, it's "
                    + "not every day that I get to chat with a pickle... or Rick, for that matter. How's it going?",
                    null, null);
            case "cohere/tools" -> new Recorded("cohere/v1/response_tool_calls.json", json, null, "Person", ERICK);
            case "cohere/text/stream" -> new Recorded("cohere/v1/stream_text.ndjson", "application/stream+json",
                    "Oh, hello there, Pickle Rick! It's an interesting choice of form you've taken. How can I help "
                            + "you today?", null, null);
            case "cohere/tools/stream" -> new Recorded("cohere/v1/stream_tool_calls.ndjson",
                    "application/stream+json", null, "Person", ERICK);
            case "cohere-v2/text" -> new Recorded("cohere/v2/response_text.json", json, "Hi there! You're Pickle "
                    + "Rick? That's a fun nickname! Do you have a question or would you like some help with "
                    + "something?", null, null);
            case "cohere-v2/tools" -> new Recorded("cohere/v2/response_tool_calls.json", json, null, "Person", ERICK);
            case "cohere-v2/text/stream" -> new Recorded("cohere/v2/stream_text.sse", sse, "Hi there! You're Pickle "
                    + "Rick? That's a fun nickname! Do you have a special recipe for pickling or a favorite way to be "
                    + "enjoyed? I'm a big fan of the show Rick and Morty too, by the way. Can I help you with anything "
                    + "else? Maybe some Rick and Morty fan theories or episode recommendations?", null, null);
            case "cohere-v2/tools/stream" -> new Recorded("cohere/v2/stream_tool_calls.sse", sse, null, "Person",
                    ERICK);
            default -> throw new IllegalArgumentException(protocol);
        };
    }

    /**
     * A real 400 body of an upstream of {@code protocol} and a phrase of its message. OpenAI-compatible: Groq's
     * answer quoted in fixtures/SOURCES.md; Cohere publishes no recorded 400, so its documented {@code {id, message}}
     * shape (SOURCES.md) carries a message of ours.
     */
    static String[] error400(String protocol) {
        return switch (protocol) {
            case "openai", "azure-openai" -> new String[] {"{\"error\":{\"message\":\"property 'stream_options' is "
                    + "unsupported, did you mean 'stream'?\",\"type\":\"invalid_request_error\"}}",
                    "property 'stream_options' is unsupported"};
            case "openai-responses" -> new String[] {fixture("openai-responses/error_400_invalid_temperature.json"),
                    "Invalid 'temperature'"};
            case "anthropic" -> new String[] {fixture("anthropic/error_400_invalid_request.json"),
                    "unexpected `tool_use_id` found in `tool_result` blocks"};
            case "gemini" -> new String[] {fixture("observed/gemini_v1_error_400_unknown_systemInstruction.json"),
                    "Unknown name \"systemInstruction\""};
            case "cohere", "cohere-v2" -> new String[] {"{\"id\":\"00000000-0000-0000-0000-000000000000\","
                    + "\"message\":\"invalid request: message must be at least 1 token long\"}",
                    "message must be at least 1 token long"};
            default -> throw new IllegalArgumentException(protocol);
        };
    }

    /**
     * The output tokens the recording reports where the count is unambiguous (no reasoning or billed-versus-used
     * split), else null: every client must see the same number.
     */
    static Integer outputTokens(String protocol, boolean tools, boolean stream) {
        return switch (protocol + (tools ? "/tools" : "/text") + (stream ? "/stream" : "")) {
            case "openai/text", "azure-openai/text" -> 10;
            case "openai/tools", "azure-openai/tools" -> 17;
            case "openai/text/stream" -> 30;
            case "openai/tools/stream", "azure-openai/tools/stream" -> 16;
            case "openai-responses/text" -> 3;
            case "openai-responses/tools", "openai-responses/tools/stream" -> 20;
            case "openai-responses/text/stream" -> 10;
            case "anthropic/text" -> 25;
            case "anthropic/tools" -> 71;
            case "anthropic/text/stream" -> 38;
            case "anthropic/tools/stream" -> 74;
            case "gemini/text" -> 22;
            case "gemini/text/stream" -> 10;
            default -> null;
        };
    }

    /** The upstream path (with query) the router must call for {@code protocol}. */
    static String upstreamPath(String protocol, boolean stream) {
        String base = "/wm/" + protocol;
        return switch (protocol) {
            case "openai" -> base + "/chat/completions";
            case "azure-openai" -> base + "/openai/deployments/gpt-4o-deployment/chat/completions";
            case "openai-responses" -> base + "/responses";
            case "anthropic" -> base + "/messages";
            case "gemini" -> base + "/models/gemini-2.0-flash:" + (stream ? "streamGenerateContent"
                    : "generateContent");
            case "cohere", "cohere-v2" -> base + "/chat";
            default -> throw new IllegalArgumentException(protocol);
        };
    }

    static byte[] bytes(String relative) {
        return Fixtures.bytes(relative);
    }

    private static String fixture(String relative) {
        return Fixtures.text(relative);
    }
}
