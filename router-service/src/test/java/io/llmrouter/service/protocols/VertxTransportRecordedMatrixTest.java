package io.llmrouter.service.protocols;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The recorded-answer matrix of {@link RecordedUpstreamMatrixTest} again, with {@code router.upstream.transport=vertx}. */
@QuarkusTest
@TestProfile(VertxTransportProtocolsProfile.class)
class VertxTransportRecordedMatrixTest extends RecordedUpstreamMatrixTest {
}
