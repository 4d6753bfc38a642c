package io.llmrouter.service.protocols;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.AfterEach;

/**
 * A test of the router in front of the WireMock upstreams of {@link ProtocolsProfile}: the WireMock server, the
 * router's root URL, and WireMock's stubs and journal cleared after each test.
 */
abstract class WireMockRouterTest {

    @WireMockUpstreams.Server
    WireMockServer wireMock;

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void resetWireMock() {
        wireMock.resetAll();
    }
}
