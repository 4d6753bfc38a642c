package io.llmrouter.service.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client protocol against every upstream protocol served by the built-in simulator, through the real HTTP
 * stack: text and tool calls, complete and streamed (Gemini streams in both SSE and JSON-array form).
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class SimulatorMatrixTest {

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ClientProtocol client : ClientProtocol.values()) {
            for (String upstream : ProtocolsProfile.UPSTREAMS) {
                for (boolean tools : new boolean[] {false, true}) {
                    out.add(Arguments.of(client, upstream, tools, false, false));
                    out.add(Arguments.of(client, upstream, tools, true, true));
                    if (client == ClientProtocol.GEMINI) {
                        out.add(Arguments.of(client, upstream, tools, true, false));
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} client, {1} upstream, tools={2}, stream={3}, sse={4}")
    @MethodSource("cases")
    void answersInTheClientsProtocol(ClientProtocol client, String upstream, boolean tools, boolean stream,
                                     boolean sse) {
        String prompt = "What is the weather in Paris? (" + client + " via " + upstream + ")";
        Response r = Exchange.call(client, "via-" + upstream, prompt, tools, stream, sse);
        Answer a = Exchange.read(client, r, stream, sse);

        assertEquals("via-" + upstream, r.header("x-router-endpoint"));
        assertEquals("1", r.header("x-router-attempts"));
        if (!stream) {
            assertEquals("true", r.header("x-router-usage-accurate"));
        }
        client.assertFinish(a, tools);
        if (tools) {
            assertEquals(ClientProtocol.TOOL, a.toolName());
            assertEquals(ClientProtocol.tree("{\"location\":\"Paris\"}"), a.toolArgs());
        } else {
            assertNull(a.toolName());
            // The simulator's Azure route is OpenAI's wire format and names itself so.
            String simulated = upstream.equals("azure-openai") ? "openai" : upstream;
            assertEquals("Hello from the simulated " + simulated + " upstream. You said: " + prompt, a.text());
        }
        assertNotNull(a.inputTokens(), "input tokens");
        assertNotNull(a.outputTokens(), "output tokens");
        assertTrue(a.inputTokens() > 0 && a.outputTokens() > 0, "usage " + a);
    }
}
