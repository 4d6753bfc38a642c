package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.error.Echo;
import io.llmrouter.core.json.Fields;

/**
 * What only OpenAI runs: the built-in tools (web search, file search, computer use, code interpreter, image
 * generation, MCP, shell, ...), a tool choice forcing one of them, and a stored {@code prompt}. A request with any of
 * them goes to a Responses upstream unchanged (the pass-through keeps them) and is refused by every conversion, so
 * that the call goes to an endpoint that can run it and, with none, the caller gets a 400 naming it
 * (docs/protocols.md#openai-responses). Built-in tools' items in the history are not refused: their effect is in the
 * later turns, and the decoder drops them.
 */
final class ResponsesBuiltIns {

    private ResponsesBuiltIns() {
    }

    /** Throws a 400 naming the first part of {@code body} that only OpenAI runs. */
    static void refuse(ObjectNode body) {
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray()) {
            for (int i = 0; i < tools.size(); i++) {
                String type = Fields.text(tools.get(i).get("type"), "function");
                if (!type.equals("function")) {
                    throw Fields.invalid("tools[" + i + "]", "is the built-in tool '" + Echo.of(type) + "', which"
                            + " runs only at OpenAI: no endpoint speaking openai-responses serves this model");
                }
            }
        }
        JsonNode choice = body.get("tool_choice");
        if (choice != null && choice.isObject()) {
            String type = Fields.text(choice.get("type"), "function");
            if (!type.equals("function") && !type.equals("allowed_tools")) {
                throw Fields.invalid("tool_choice", "forces the built-in tool '" + Echo.of(type) + "', which runs"
                        + " only at OpenAI: no endpoint speaking openai-responses serves this model");
            }
        }
        if (!Fields.absent(body.get("prompt"))) {
            throw Fields.invalid("prompt", "is a prompt stored at OpenAI: no endpoint speaking openai-responses"
                    + " serves this model");
        }
    }
}
