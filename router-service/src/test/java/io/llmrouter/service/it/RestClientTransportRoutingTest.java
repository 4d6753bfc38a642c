package io.llmrouter.service.it;

import io.llmrouter.core.upstream.UpstreamTransport;
import io.llmrouter.core.upstream.restclient.RestClientUpstreamTransport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every routing test of {@link RoutingTest} again, with {@code router.upstream.transport=rest-client}. */
@QuarkusTest
@TestProfile(RestClientTransportProfile.class)
class RestClientTransportRoutingTest extends RoutingTest {

    @Override
    Class<? extends UpstreamTransport> expectedTransport() {
        return RestClientUpstreamTransport.class;
    }
}
