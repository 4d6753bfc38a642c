package io.llmrouter.service.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The six client protocols (docs/protocols.md) as a client sees them: how to ask (route and body, with an optional
 * {@code get_weather} tool) and how to read the answer, complete or streamed, checking the stream's framing on the way.
 */
enum ClientProtocol {

    OPENAI {
        @Override
        String path(String model, boolean stream, boolean sse) {
            return "/v1/chat/completions";
        }

        @Override
        ObjectNode body(String model, String prompt, boolean tools, boolean stream) {
            ObjectNode b = JSON.createObjectNode().put("model", model).put("max_tokens", 200);
            b.putArray("messages").addObject().put("role", "user").put("content", prompt);
            if (tools) {
                ObjectNode fn = b.putArray("tools").addObject().put("type", "function").putObject("function");
                fn.put("name", TOOL).put("description", "Current weather of a city").set("parameters", schema());
            }
            if (stream) {
                b.put("stream", true).putObject("stream_options").put("include_usage", true);
            }
            return b;
        }

        @Override
        Answer parse(JsonNode r) {
            assertEquals("chat.completion", r.path("object").asText());
            JsonNode msg = r.path("choices").path(0).path("message");
            assertEquals("assistant", msg.path("role").asText());
            JsonNode call = msg.path("tool_calls").path(0);
            JsonNode usage = r.path("usage");
            return new Answer(msg.path("content").asText(""), call.isMissingNode() ? null
                    : call.path("function").path("name").asText(), call.isMissingNode() ? null
                    : tree(call.path("function").path("arguments").asText()),
                    r.path("choices").path(0).path("finish_reason").asText(null),
                    integer(usage, "prompt_tokens"), integer(usage, "completion_tokens"));
        }

        @Override
        Answer parseStream(String body, boolean sse) {
            List<String> frames = frames(body);
            assertEquals("data: [DONE]", frames.get(frames.size() - 1), "OpenAI streams end with [DONE]");
            StringBuilder text = new StringBuilder();
            StringBuilder args = new StringBuilder();
            String name = null;
            String finish = null;
            JsonNode usage = null;
            for (String f : frames.subList(0, frames.size() - 1)) {
                assertTrue(f.startsWith("data: ") && !f.contains("\nevent:"), "OpenAI frame: " + f);
                JsonNode c = tree(f.substring(6));
                assertEquals("chat.completion.chunk", c.path("object").asText());
                if (c.hasNonNull("usage")) {
                    usage = c.get("usage");
                }
                for (JsonNode ch : c.path("choices")) {
                    JsonNode d = ch.path("delta");
                    text.append(d.path("content").asText(""));
                    for (JsonNode tc : d.path("tool_calls")) {
                        if (tc.path("index").asInt() == 0) {
                            if (tc.path("function").hasNonNull("name")) {
                                name = tc.path("function").path("name").asText();
                            }
                            args.append(tc.path("function").path("arguments").asText(""));
                        }
                    }
                    if (ch.hasNonNull("finish_reason")) {
                        finish = ch.get("finish_reason").asText();
                    }
                }
            }
            assertNotNull(usage, "usage chunk with stream_options.include_usage");
            return new Answer(text.toString(), name, name == null ? null : tree(args.toString()), finish,
                    integer(usage, "prompt_tokens"), integer(usage, "completion_tokens"));
        }

        @Override
        String streamContentType(boolean sse) {
            return "text/event-stream";
        }

        @Override
        void assertFinish(Answer a, boolean tool) {
            assertEquals(tool ? "tool_calls" : "stop", a.finish());
        }

        @Override
        String errorMessage(JsonNode error) {
            assertTrue(error.path("error").path("type").isTextual(), "OpenAI error type: " + error);
            return error.path("error").path("message").asText(null);
        }
    },

    OPENAI_RESPONSES {
        @Override
        String path(String model, boolean stream, boolean sse) {
            return "/v1/responses";
        }

        @Override
        ObjectNode body(String model, String prompt, boolean tools, boolean stream) {
            ObjectNode b = JSON.createObjectNode().put("model", model).put("max_output_tokens", 200);
            b.putArray("input").addObject().put("role", "user").put("content", prompt);
            if (tools) {
                b.putArray("tools").addObject().put("type", "function").put("name", TOOL)
                        .put("description", "Current weather of a city").put("strict", false)
                        .set("parameters", schema());
            }
            if (stream) {
                b.put("stream", true);
            }
            return b;
        }

        @Override
        Answer parse(JsonNode r) {
            assertEquals("response", r.path("object").asText());
            assertTrue(r.path("id").asText().startsWith("resp_"), "a Responses id: " + r.path("id"));
            StringBuilder text = new StringBuilder();
            JsonNode call = null;
            for (JsonNode item : r.path("output")) {
                String type = item.path("type").asText();
                if ("message".equals(type)) {
                    assertEquals("assistant", item.path("role").asText());
                    for (JsonNode part : item.path("content")) {
                        text.append(part.path("text").asText(""));
                    }
                } else if ("function_call".equals(type) && call == null) {
                    call = item;
                    assertTrue(item.path("call_id").isTextual(), "a call id: " + item);
                }
            }
            JsonNode usage = r.path("usage");
            for (String field : List.of("input_tokens", "output_tokens", "total_tokens")) {
                assertTrue(usage.path(field).isIntegralNumber(), "usage always filled: " + usage);
            }
            assertTrue(usage.path("input_tokens_details").path("cached_tokens").isIntegralNumber(), usage.toString());
            assertTrue(usage.path("output_tokens_details").path("reasoning_tokens").isIntegralNumber(),
                    usage.toString());
            // Responses has no finish reason: the status says it, a function call item says what the model wants.
            String finish = r.path("status").asText() + (call == null ? "" : "+function_call");
            return new Answer(text.toString(), call == null ? null : call.path("name").asText(),
                    call == null ? null : tree(call.path("arguments").asText()), finish,
                    integer(usage, "input_tokens"), integer(usage, "output_tokens"));
        }

        @Override
        Answer parseStream(String body, boolean sse) {
            List<String> frames = frames(body);
            StringBuilder text = new StringBuilder();
            JsonNode completed = null;
            int sequence = 0;
            for (String f : frames) {
                String[] lines = f.split("\n", 2);
                assertTrue(lines.length == 2 && lines[0].startsWith("event: ") && lines[1].startsWith("data: "),
                        "Responses frame is event + data: " + f);
                String event = lines[0].substring(7);
                JsonNode d = tree(lines[1].substring(6));
                assertEquals(event, d.path("type").asText(), "event name matches the data type");
                assertEquals(sequence++, d.path("sequence_number").asInt(), "sequence numbers count from 0");
                assertFalse(d.has("error") && !d.has("response"), "no top-level error frame (openai-java)");
                if ("response.output_text.delta".equals(event)) {
                    text.append(d.path("delta").asText());
                } else if (event.equals("response.completed") || event.equals("response.incomplete")
                        || event.equals("response.failed")) {
                    completed = d.path("response");
                }
            }
            assertEquals("response.created", tree(frames.get(0).split("\n", 2)[1].substring(6)).path("type").asText());
            assertNotNull(completed, "a terminal event");
            assertTrue(frames.get(frames.size() - 1).contains("\"response\""), "the terminal event is last");
            Answer whole = parse(completed);
            assertEquals(whole.text(), text.toString(), "the deltas make the text of the final response");
            return whole;
        }

        @Override
        String streamContentType(boolean sse) {
            return "text/event-stream";
        }

        @Override
        void assertFinish(Answer a, boolean tool) {
            assertEquals(tool ? "completed+function_call" : "completed", a.finish());
        }

        @Override
        String errorMessage(JsonNode error) {
            assertTrue(error.path("error").path("type").isTextual(), "OpenAI error type: " + error);
            return error.path("error").path("message").asText(null);
        }
    },

    ANTHROPIC {
        @Override
        String path(String model, boolean stream, boolean sse) {
            return "/v1/messages";
        }

        @Override
        ObjectNode body(String model, String prompt, boolean tools, boolean stream) {
            ObjectNode b = JSON.createObjectNode().put("model", model).put("max_tokens", 200);
            b.putArray("messages").addObject().put("role", "user").put("content", prompt);
            if (tools) {
                b.putArray("tools").addObject().put("name", TOOL).put("description", "Current weather of a city")
                        .set("input_schema", schema());
            }
            if (stream) {
                b.put("stream", true);
            }
            return b;
        }

        @Override
        Answer parse(JsonNode r) {
            assertEquals("message", r.path("type").asText());
            assertEquals("assistant", r.path("role").asText());
            StringBuilder text = new StringBuilder();
            JsonNode tool = null;
            for (JsonNode block : r.path("content")) {
                if ("text".equals(block.path("type").asText())) {
                    text.append(block.path("text").asText());
                } else if (tool == null && "tool_use".equals(block.path("type").asText())) {
                    tool = block;
                }
            }
            JsonNode usage = r.path("usage");
            return new Answer(text.toString(), tool == null ? null : tool.path("name").asText(),
                    tool == null ? null : tool.path("input"), r.path("stop_reason").asText(null),
                    integer(usage, "input_tokens"), integer(usage, "output_tokens"));
        }

        @Override
        Answer parseStream(String body, boolean sse) {
            List<String> names = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            StringBuilder args = new StringBuilder();
            String name = null;
            int toolIndex = -1;
            String finish = null;
            Integer in = null;
            Integer out = null;
            for (String f : frames(body)) {
                String[] lines = f.split("\n", 2);
                assertTrue(lines.length == 2 && lines[0].startsWith("event: ") && lines[1].startsWith("data: "),
                        "Anthropic frame is event + data: " + f);
                String event = lines[0].substring(7);
                JsonNode d = tree(lines[1].substring(6));
                assertEquals(event, d.path("type").asText(), "event name matches the data type");
                names.add(event);
                switch (event) {
                    case "message_start" -> in = integer(d.path("message").path("usage"), "input_tokens");
                    case "content_block_start" -> {
                        if (name == null && "tool_use".equals(d.path("content_block").path("type").asText())) {
                            name = d.path("content_block").path("name").asText();
                            toolIndex = d.path("index").asInt();
                        }
                    }
                    case "content_block_delta" -> {
                        JsonNode delta = d.path("delta");
                        if ("text_delta".equals(delta.path("type").asText())) {
                            text.append(delta.path("text").asText());
                        } else if ("input_json_delta".equals(delta.path("type").asText())
                                && d.path("index").asInt() == toolIndex) {
                            args.append(delta.path("partial_json").asText());
                        }
                    }
                    case "message_delta" -> {
                        finish = d.path("delta").path("stop_reason").asText(null);
                        out = integer(d.path("usage"), "output_tokens");
                        // Cumulative counts: message_delta may complete the input count message_start lacked.
                        Integer total = integer(d.path("usage"), "input_tokens");
                        in = total != null && total > 0 ? total : in;
                    }
                    default -> {
                    }
                }
            }
            assertEquals("message_start", names.get(0));
            assertEquals("message_stop", names.get(names.size() - 1));
            assertEquals("message_delta", names.get(names.size() - 2));
            assertTrue(names.stream().allMatch(n -> List.of("message_start", "content_block_start", "ping",
                    "content_block_delta", "content_block_stop", "message_delta", "message_stop").contains(n)),
                    "Anthropic event names: " + names);
            assertEquals(names.stream().filter("content_block_start"::equals).count(),
                    names.stream().filter("content_block_stop"::equals).count(), "blocks opened and closed");
            return new Answer(text.toString(), name, name == null ? null : tree(args.isEmpty() ? "{}"
                    : args.toString()), finish, in, out);
        }

        @Override
        String streamContentType(boolean sse) {
            return "text/event-stream";
        }

        @Override
        void assertFinish(Answer a, boolean tool) {
            assertEquals(tool ? "tool_use" : "end_turn", a.finish());
        }

        @Override
        String errorMessage(JsonNode error) {
            assertEquals("error", error.path("type").asText(), "Anthropic error: " + error);
            assertTrue(error.path("error").path("type").isTextual());
            return error.path("error").path("message").asText(null);
        }
    },

    GEMINI {
        @Override
        String path(String model, boolean stream, boolean sse) {
            return "/v1beta/models/" + model + (stream ? ":streamGenerateContent" + (sse ? "?alt=sse" : "")
                    : ":generateContent");
        }

        @Override
        ObjectNode body(String model, String prompt, boolean tools, boolean stream) {
            ObjectNode b = JSON.createObjectNode();
            b.putArray("contents").addObject().put("role", "user").putArray("parts").addObject().put("text", prompt);
            b.putObject("generationConfig").put("maxOutputTokens", 200);
            if (tools) {
                b.putArray("tools").addObject().putArray("functionDeclarations").addObject().put("name", TOOL)
                        .put("description", "Current weather of a city").set("parameters", schema());
            }
            return b;
        }

        @Override
        Answer parse(JsonNode r) {
            return chunks(List.of(r));
        }

        @Override
        Answer parseStream(String body, boolean sse) {
            List<JsonNode> chunks = new ArrayList<>();
            if (sse) {
                for (String f : frames(body)) {
                    assertTrue(f.startsWith("data: ") && !f.contains("\n"), "Gemini SSE frame: " + f);
                    chunks.add(tree(f.substring(6)));
                }
            } else {
                JsonNode array = tree(body);
                assertTrue(array.isArray(), "without alt=sse the whole body is one JSON array");
                array.forEach(chunks::add);
            }
            assertFalse(chunks.isEmpty());
            return chunks(chunks);
        }

        private Answer chunks(List<JsonNode> chunks) {
            StringBuilder text = new StringBuilder();
            String name = null;
            JsonNode args = null;
            String finish = null;
            JsonNode usage = null;
            for (JsonNode c : chunks) {
                JsonNode cand = c.path("candidates").path(0);
                for (JsonNode p : cand.path("content").path("parts")) {
                    if (p.has("text") && !p.path("thought").asBoolean(false)) {
                        text.append(p.path("text").asText());
                    }
                    if (name == null && p.has("functionCall")) {
                        name = p.path("functionCall").path("name").asText();
                        args = p.path("functionCall").path("args");
                        if (args.isMissingNode()) {
                            args = JSON.createObjectNode();
                        }
                    }
                }
                if (cand.hasNonNull("finishReason")) {
                    finish = cand.get("finishReason").asText();
                }
                if (c.has("usageMetadata")) {
                    usage = c.get("usageMetadata");
                }
            }
            return new Answer(text.toString(), name, args, finish, usage == null ? null
                    : integer(usage, "promptTokenCount"), usage == null ? null
                    : integer(usage, "candidatesTokenCount"));
        }

        @Override
        String streamContentType(boolean sse) {
            return sse ? "text/event-stream" : "application/json";
        }

        @Override
        void assertFinish(Answer a, boolean tool) {
            assertEquals("STOP", a.finish(), "Gemini says STOP, with a functionCall part for tools");
        }

        @Override
        String errorMessage(JsonNode error) {
            assertTrue(error.path("error").path("code").isInt(), "Gemini error code: " + error);
            assertTrue(error.path("error").path("status").isTextual(), "Gemini error status: " + error);
            return error.path("error").path("message").asText(null);
        }
    },

    COHERE {
        @Override
        String path(String model, boolean stream, boolean sse) {
            return "/v1/chat";
        }

        @Override
        ObjectNode body(String model, String prompt, boolean tools, boolean stream) {
            ObjectNode b = JSON.createObjectNode().put("model", model).put("message", prompt).put("max_tokens", 200);
            if (tools) {
                ObjectNode t = b.putArray("tools").addObject().put("name", TOOL)
                        .put("description", "Current weather of a city");
                t.putObject("parameter_definitions").putObject("location").put("type", "str")
                        .put("description", "City name").put("required", true);
            }
            if (stream) {
                b.put("stream", true);
            }
            return b;
        }

        @Override
        Answer parse(JsonNode r) {
            assertTrue(r.path("text").isTextual(), "Cohere v1 answers carry text: " + r);
            JsonNode call = r.path("tool_calls").path(0);
            JsonNode tokens = r.path("meta").path("tokens").isMissingNode() ? r.path("meta").path("billed_units")
                    : r.path("meta").path("tokens");
            return new Answer(r.path("text").asText(), call.isMissingNode() ? null : call.path("name").asText(),
                    call.isMissingNode() ? null : call.path("parameters"), r.path("finish_reason").asText(null),
                    integer(tokens, "input_tokens"), integer(tokens, "output_tokens"));
        }

        @Override
        Answer parseStream(String body, boolean sse) {
            assertTrue(body.endsWith("\n"), "NDJSON ends with a newline");
            List<JsonNode> lines = new ArrayList<>();
            for (String line : body.split("\n")) {
                assertFalse(line.isBlank(), "no blank lines in NDJSON");
                lines.add(tree(line));
            }
            assertEquals("stream-start", lines.get(0).path("event_type").asText());
            JsonNode end = lines.get(lines.size() - 1);
            assertEquals("stream-end", end.path("event_type").asText());
            assertTrue(end.path("is_finished").asBoolean());
            StringBuilder text = new StringBuilder();
            String name = null;
            JsonNode args = null;
            for (JsonNode l : lines.subList(0, lines.size() - 1)) {
                assertFalse(l.path("is_finished").asBoolean(), "only stream-end is finished");
                String type = l.path("event_type").asText();
                if ("text-generation".equals(type)) {
                    text.append(l.path("text").asText());
                } else if ("tool-calls-generation".equals(type) && name == null) {
                    name = l.path("tool_calls").path(0).path("name").asText(null);
                    args = l.path("tool_calls").path(0).path("parameters");
                }
            }
            Answer fin = parse(end.path("response"));
            assertEquals(end.path("finish_reason").asText(), fin.finish());
            return new Answer(text.toString(), name, args, end.path("finish_reason").asText(null),
                    fin.inputTokens(), fin.outputTokens());
        }

        @Override
        String streamContentType(boolean sse) {
            return "application/stream+json";
        }

        @Override
        void assertFinish(Answer a, boolean tool) {
            assertEquals("COMPLETE", a.finish(), "Cohere v1 finishes COMPLETE, with tool_calls for tools");
        }

        @Override
        String errorMessage(JsonNode error) {
            return error.path("message").asText(null);
        }
    },

    COHERE_V2 {
        @Override
        String path(String model, boolean stream, boolean sse) {
            return "/v2/chat";
        }

        @Override
        ObjectNode body(String model, String prompt, boolean tools, boolean stream) {
            ObjectNode b = JSON.createObjectNode().put("model", model).put("max_tokens", 200);
            b.putArray("messages").addObject().put("role", "user").put("content", prompt);
            if (tools) {
                ObjectNode fn = b.putArray("tools").addObject().put("type", "function").putObject("function");
                fn.put("name", TOOL).put("description", "Current weather of a city").set("parameters", schema());
            }
            if (stream) {
                b.put("stream", true);
            }
            return b;
        }

        @Override
        Answer parse(JsonNode r) {
            JsonNode msg = r.path("message");
            assertEquals("assistant", msg.path("role").asText());
            StringBuilder text = new StringBuilder();
            for (JsonNode c : msg.path("content")) {
                if ("text".equals(c.path("type").asText())) {
                    text.append(c.path("text").asText());
                }
            }
            JsonNode call = msg.path("tool_calls").path(0);
            JsonNode tokens = r.path("usage").path("tokens").isMissingNode() ? r.path("usage").path("billed_units")
                    : r.path("usage").path("tokens");
            return new Answer(text.toString(), call.isMissingNode() ? null : call.path("function").path("name")
                    .asText(), call.isMissingNode() ? null : tree(call.path("function").path("arguments").asText()),
                    r.path("finish_reason").asText(null), integer(tokens, "input_tokens"),
                    integer(tokens, "output_tokens"));
        }

        @Override
        Answer parseStream(String body, boolean sse) {
            List<String> frames = frames(body);
            if ("data: [DONE]".equals(frames.get(frames.size() - 1))) {
                frames = frames.subList(0, frames.size() - 1);
            }
            List<String> names = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            StringBuilder args = new StringBuilder();
            String name = null;
            String finish = null;
            JsonNode usage = null;
            for (String f : frames) {
                String[] lines = f.split("\n", 2);
                assertTrue(lines.length == 2 && lines[0].startsWith("event: ") && lines[1].startsWith("data: "),
                        "Cohere v2 frame is event + data: " + f);
                String event = lines[0].substring(7);
                JsonNode d = tree(lines[1].substring(6));
                assertEquals(event, d.path("type").asText(), "event name matches the data type");
                names.add(event);
                JsonNode m = d.path("delta").path("message");
                switch (event) {
                    case "content-delta" -> text.append(m.path("content").path("text").asText());
                    case "tool-call-start" -> {
                        if (name == null) {
                            name = m.path("tool_calls").path("function").path("name").asText();
                            args.append(m.path("tool_calls").path("function").path("arguments").asText(""));
                        }
                    }
                    case "tool-call-delta" -> {
                        if (d.path("index").asInt() == 0) {
                            args.append(m.path("tool_calls").path("function").path("arguments").asText(""));
                        }
                    }
                    case "message-end" -> {
                        finish = d.path("delta").path("finish_reason").asText(null);
                        usage = d.path("delta").path("usage");
                    }
                    default -> {
                    }
                }
            }
            assertEquals("message-start", names.get(0));
            assertEquals("message-end", names.get(names.size() - 1));
            JsonNode tokens = usage == null ? null : usage.path("tokens").isMissingNode()
                    ? usage.path("billed_units") : usage.path("tokens");
            return new Answer(text.toString(), name, name == null ? null : tree(args.toString()), finish,
                    tokens == null ? null : integer(tokens, "input_tokens"),
                    tokens == null ? null : integer(tokens, "output_tokens"));
        }

        @Override
        String streamContentType(boolean sse) {
            return "text/event-stream";
        }

        @Override
        void assertFinish(Answer a, boolean tool) {
            assertEquals(tool ? "TOOL_CALL" : "COMPLETE", a.finish());
        }

        @Override
        String errorMessage(JsonNode error) {
            return error.path("message").asText(null);
        }
    };

    static final ObjectMapper JSON = new ObjectMapper();

    /** The tool every tool scenario offers. */
    static final String TOOL = "get_weather";

    /** The route a client of this protocol calls ({@code sse} matters for Gemini streams only). */
    abstract String path(String model, boolean stream, boolean sse);

    /** A request body asking {@code prompt}, offering {@link #TOOL} when {@code tools}. */
    abstract ObjectNode body(String model, String prompt, boolean tools, boolean stream);

    /** Reads a complete answer. */
    abstract Answer parse(JsonNode response);

    /** Reads a streamed answer, asserting its framing. */
    abstract Answer parseStream(String body, boolean sse);

    /** The content type of a streamed answer. */
    abstract String streamContentType(boolean sse);

    /** Asserts the finish reason this protocol gives for a text answer or a tool call. */
    abstract void assertFinish(Answer a, boolean tool);

    /** Asserts an error body has this protocol's error shape and returns its message. */
    abstract String errorMessage(JsonNode error);

    static JsonNode schema() {
        ObjectNode s = JSON.createObjectNode().put("type", "object");
        s.putObject("properties").putObject("location").put("type", "string").put("description", "City name");
        ArrayNode required = s.putArray("required");
        required.add("location");
        return s;
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return fail("not JSON: " + json, e);
        }
    }

    /** SSE frames: blocks separated by a blank line (LF or CRLF), normalised to LF, empty ones dropped. */
    static List<String> frames(String body) {
        List<String> out = new ArrayList<>();
        for (String f : body.replace("\r\n", "\n").split("\n\n")) {
            if (!f.isBlank()) {
                out.add(f.strip());
            }
        }
        assertFalse(out.isEmpty(), "empty stream");
        return out;
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isIntegralNumber() ? v.intValue() : null;
    }
}
