package io.llmrouter.service.protocols;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The whole simulator matrix of {@link SimulatorMatrixTest} again, with {@code router.upstream.transport=rest-client}. */
@QuarkusTest
@TestProfile(RestClientTransportProtocolsProfile.class)
class RestClientTransportSimulatorMatrixTest extends SimulatorMatrixTest {
}
