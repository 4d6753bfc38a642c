package io.llmrouter.core.convert.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.ReasoningConfig;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.matrix.ConversionPath.Mode;
import io.llmrouter.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every object a client's request holds is swept for fields the decoder does not read, at any depth: a field added
 * to any object of the requests the matrix scenarios send (and a reasoning tool loop's) must be named among the
 * drops. Objects whose keys are the caller's own data (schemas, tool arguments, metadata) are not swept.
 */
class UnreadFieldsSweepTest {

    private static final String PROBE = "zz_probe";
    /** Fields whose value is the caller's data, not the protocol's: any key is meaningful there. */
    private static final Set<String> FREE_FORM = Set.of("parameters", "input_schema", "schema", "responseSchema",
            "responseJsonSchema", "parameter_definitions", "metadata", "input", "args", "response", "arguments",
            "properties", "parametersJsonSchema", "outputs");

    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"OPENAI", "OPENAI_RESPONSES", "ANTHROPIC", "GEMINI", "COHERE",
            "COHERE_V2"})
    void everyObjectOfARequestIsSwept(Protocol client) {
        Set<String> unswept = new TreeSet<>();
        for (ChatRequest request : requests(client)) {
            for (Mode mode : List.of(Mode.NON_STREAM, Mode.STREAM)) {
                byte[] body;
                try {
                    body = ConversionPath.clientBody(client, request, mode);
                } catch (RouterException cannotSend) {
                    continue;
                }
                ObjectNode root = (ObjectNode) Json.tryParse(new String(body, StandardCharsets.UTF_8));
                List<String> paths = new ArrayList<>();
                objects(root, "", paths);
                for (String path : paths) {
                    if (client == Protocol.COHERE_V2 && path.endsWith("/response_format/json_schema")) {
                        // Cohere v2's json_schema is the schema itself.
                        continue;
                    }
                    ObjectNode probed = root.deepCopy();
                    ((ObjectNode) probed.at(path)).put(PROBE, "x");
                    Drops drops = Drops.recording();
                    ConversionPath.CODECS.of(client).decodeRequest(probed, ConversionPath.clientContext(client, mode),
                            drops);
                    if (drops.names().stream().noneMatch(n -> n.contains(PROBE))) {
                        unswept.add(path.replaceAll("/\\d+", "/[]"));
                    }
                }
            }
        }
        assertEquals(Set.of(), unswept, "objects of a " + client + " request whose unread fields go unnamed");
    }

    /** The matrix scenarios' requests, and a tool loop whose history holds reasoning. */
    private static List<ChatRequest> requests(Protocol client) {
        List<ChatRequest> requests = new ArrayList<>();
        Scenarios.all().forEach(s -> requests.add(s.request()));
        ChatRequest tools = Scenarios.all().stream().map(Scenario::request).filter(r -> !r.tools().isEmpty())
                .findFirst().orElseThrow();
        requests.add(tools.toBuilder().reasoning(ReasoningConfig.of(ReasoningConfig.Effort.HIGH)).messages(List.of(
                Message.text(Role.USER, "Weather?"),
                new Message(Role.ASSISTANT, List.of(ContentPart.Reasoning.signed("Hm.", "sig", client),
                        new ContentPart.ToolCall("call_1", tools.tools().get(0).name(), "{}"))),
                new Message(Role.TOOL, List.of(new ContentPart.ToolResult("call_1", tools.tools().get(0).name(),
                        "sunny", false))))).build());
        return requests;
    }

    /** The JSON pointers of every object under {@code node}, free-form values left out. */
    private static void objects(JsonNode node, String path, List<String> out) {
        if (node instanceof ObjectNode o) {
            out.add(path);
            o.properties().forEach(e -> {
                if (!FREE_FORM.contains(e.getKey())) {
                    objects(e.getValue(), path + "/" + e.getKey(), out);
                }
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                objects(a.get(i), path + "/" + i, out);
            }
        }
    }
}
