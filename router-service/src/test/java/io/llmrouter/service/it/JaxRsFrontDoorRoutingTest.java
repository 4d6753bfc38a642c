package io.llmrouter.service.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every routing test of {@link RoutingTest} again, with {@code router.http.front-door=jax-rs}. */
@QuarkusTest
@TestProfile(JaxRsFrontDoorProfile.class)
class JaxRsFrontDoorRoutingTest extends RoutingTest {

    @Override
    boolean vertxFrontDoor() {
        return false;
    }
}
