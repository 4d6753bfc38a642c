package io.llmrouter.service.protocols;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link CountMatrixTest} again, with {@code router.http.front-door=jax-rs}. */
@QuarkusTest
@TestProfile(JaxRsFrontDoorProtocolsProfile.class)
class JaxRsFrontDoorCountMatrixTest extends CountMatrixTest {
}
