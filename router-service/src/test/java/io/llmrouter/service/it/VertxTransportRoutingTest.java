package io.llmrouter.service.it;

import io.llmrouter.core.upstream.UpstreamTransport;
import io.llmrouter.core.upstream.VertxUpstreamTransport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every routing test of {@link RoutingTest} again, with {@code router.upstream.transport=vertx}. */
@QuarkusTest
@TestProfile(VertxTransportProfile.class)
class VertxTransportRoutingTest extends RoutingTest {

    @Override
    Class<? extends UpstreamTransport> expectedTransport() {
        return VertxUpstreamTransport.class;
    }
}
