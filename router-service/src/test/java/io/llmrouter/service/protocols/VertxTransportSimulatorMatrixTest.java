package io.llmrouter.service.protocols;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The whole simulator matrix of {@link SimulatorMatrixTest} again, with {@code router.upstream.transport=vertx}. */
@QuarkusTest
@TestProfile(VertxTransportProtocolsProfile.class)
class VertxTransportSimulatorMatrixTest extends SimulatorMatrixTest {
}
