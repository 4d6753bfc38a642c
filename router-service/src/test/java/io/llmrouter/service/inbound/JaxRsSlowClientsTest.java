package io.llmrouter.service.inbound;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every test of {@link SlowClientsTest} again, with the JAX-RS front door reading the bodies. */
@QuarkusTest
@TestProfile(JaxRsSlowClientsProfile.class)
class JaxRsSlowClientsTest extends SlowClientsTest {
}
