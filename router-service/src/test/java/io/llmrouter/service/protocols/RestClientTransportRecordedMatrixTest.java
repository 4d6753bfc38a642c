package io.llmrouter.service.protocols;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The recorded-answer matrix of {@link RecordedUpstreamMatrixTest} again, with {@code router.upstream.transport=rest-client}. */
@QuarkusTest
@TestProfile(RestClientTransportProtocolsProfile.class)
class RestClientTransportRecordedMatrixTest extends RecordedUpstreamMatrixTest {
}
