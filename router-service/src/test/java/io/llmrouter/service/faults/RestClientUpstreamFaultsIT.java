package io.llmrouter.service.faults;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** Every case of {@link UpstreamFaultsIT} again, with {@code router.upstream.transport=rest-client}. */
@QuarkusIntegrationTest
@TestProfile(RestClientUpstreamFaultsProfile.class)
class RestClientUpstreamFaultsIT extends UpstreamFaultsIT {
}
