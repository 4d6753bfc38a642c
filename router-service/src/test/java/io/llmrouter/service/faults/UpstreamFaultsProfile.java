package io.llmrouter.service.faults;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Tenants on the {@link FaultUpstream}, the default limits but a short answer duration: a comment every second must
 * be cut by it, not by the test's patience.
 */
public class UpstreamFaultsProfile implements QuarkusTestProfile {

    /** What {@code router.upstream.max-response-duration} is set to. */
    public static final String MAX_DURATION = "4s";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("router.upstream.max-response-duration", MAX_DURATION);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FaultUpstreams.class));
    }
}
