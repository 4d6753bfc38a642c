package io.llmrouter.service.protocols;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client protocol against every upstream protocol answering with real recorded provider traffic (WireMock
 * replaying the shared fixtures): text and tool calls, complete and streamed, and an upstream 400 that reaches the
 * client as a 400 in its own error format.
 */
@QuarkusTest
@TestProfile(ProtocolsProfile.class)
class RecordedUpstreamMatrixTest {

    @WireMockUpstreams.Server
    WireMockServer upstream;

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

    static List<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (ClientProtocol client : ClientProtocol.values()) {
            for (String upstream : ProtocolsProfile.UPSTREAMS) {
                out.add(Arguments.of(client, upstream, false));
                out.add(Arguments.of(client, upstream, true));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} client, recorded {1} upstream, tools={2}, stream={3}, sse={4}")
    @MethodSource("cases")
    void convertsRecordedAnswers(ClientProtocol client, String protocol, boolean tools, boolean stream, boolean sse) {
        Recorded rec = Recorded.of(protocol, tools, stream);
        String path = Recorded.upstreamPath(protocol, stream);
        upstream.resetAll();
        upstream.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", rec.contentType()).withBody(Recorded.bytes(rec.file()))));

        Response r = Exchange.call(client, "wm-" + protocol, "What is the weather?", tools, stream, sse);
        Answer a = Exchange.read(client, r, stream, sse);

        upstream.verify(1, postRequestedFor(urlPathEqualTo(path)));
        assertEquals("wm-" + protocol, r.header("x-router-endpoint"));
        client.assertFinish(a, tools);
        if (tools) {
            assertEquals(rec.tool(), a.toolName());
            assertEquals(ClientProtocol.tree(rec.args()), a.toolArgs());
        } else {
            assertNull(a.toolName());
            assertEquals(rec.text(), a.text());
        }
        assertNotNull(a.inputTokens(), "input tokens");
        assertNotNull(a.outputTokens(), "output tokens");
        assertTrue(a.outputTokens() > 0, "usage " + a);
        Integer recorded = Recorded.outputTokens(protocol, tools, stream);
        if (recorded != null) {
            assertEquals(recorded, a.outputTokens(), "recorded output tokens reach the client");
        }
    }

    @ParameterizedTest(name = "{0} client, {1} upstream answers 400, stream={2}")
    @MethodSource("pairs")
    void upstreamBadRequestReachesTheClientInItsFormat(ClientProtocol client, String protocol, boolean stream) {
        String[] error = Recorded.error400(protocol);
        String path = Recorded.upstreamPath(protocol, stream);
        upstream.resetAll();
        upstream.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(error[0])));

        Response r = Exchange.call(client, "wm-" + protocol, "What is the weather?", false, stream, true);

        upstream.verify(1, postRequestedFor(urlPathEqualTo(path)));
        assertEquals(400, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        String message = client.errorMessage(ClientProtocol.tree(r.asString()));
        assertNotNull(message, r.asString());
        assertTrue(message.contains(error[1]), "upstream message kept: " + message);
    }
}
