package io.llmrouter.service.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Tracing on, as an operator turns it on ({@code quarkus.otel.sdk.disabled=false}), with every span handed to the
 * in-memory exporter of {@link InMemorySpans} as it ends instead of to an OTLP collector.
 */
public class TracingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.exporter.otlp.enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TracedUpstreams.class));
    }
}
