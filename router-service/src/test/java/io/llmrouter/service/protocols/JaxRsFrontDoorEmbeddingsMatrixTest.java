package io.llmrouter.service.protocols;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link EmbeddingsMatrixTest} again, with {@code router.http.front-door=jax-rs}. */
@QuarkusTest
@TestProfile(JaxRsFrontDoorProtocolsProfile.class)
class JaxRsFrontDoorEmbeddingsMatrixTest extends EmbeddingsMatrixTest {
}
