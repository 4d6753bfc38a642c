package io.llmrouter.service.protocols;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The whole simulator matrix of {@link SimulatorMatrixTest} again, with {@code router.http.front-door=jax-rs}. */
@QuarkusTest
@TestProfile(JaxRsFrontDoorProtocolsProfile.class)
class JaxRsFrontDoorSimulatorMatrixTest extends SimulatorMatrixTest {
}
