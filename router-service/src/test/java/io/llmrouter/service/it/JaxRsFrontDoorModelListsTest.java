package io.llmrouter.service.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every model list test of {@link ModelListsTest} again, with {@code router.http.front-door=jax-rs}. */
@QuarkusTest
@TestProfile(JaxRsFrontDoorProfile.class)
class JaxRsFrontDoorModelListsTest extends ModelListsTest {
}
