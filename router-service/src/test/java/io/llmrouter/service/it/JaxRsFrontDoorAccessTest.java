package io.llmrouter.service.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every access test of {@link AccessTest} (keys, limits, caller errors) again, with the JAX-RS front door. */
@QuarkusTest
@TestProfile(JaxRsFrontDoorProfile.class)
class JaxRsFrontDoorAccessTest extends AccessTest {
}
