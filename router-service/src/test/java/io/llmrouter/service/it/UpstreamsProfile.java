package io.llmrouter.service.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Set;

/**
 * The profile of the routing integration tests: tenants on {@link FakeUpstreams} (WireMock plus a slow streaming
 * server), the scripted {@link ManualTicker} and {@link ManualWallClock}. Every class using it shares one application start.
 */
public class UpstreamsProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(ManualTicker.class, ManualWallClock.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeUpstreams.class));
    }
}
