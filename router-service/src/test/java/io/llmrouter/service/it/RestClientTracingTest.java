package io.llmrouter.service.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link TracingTest} on the REST client transport: the router's own client span per attempt and its
 * {@code traceparent} upstream, and no second span from Quarkus' REST client instrumentation; usage records stay bare
 * JSON lines with JSON console logs on.
 */
@QuarkusTest
@TestProfile(RestClientTracingProfile.class)
class RestClientTracingTest extends TracingTest {
}
