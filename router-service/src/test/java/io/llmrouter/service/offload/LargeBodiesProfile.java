package io.llmrouter.service.offload;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * One event loop for every connection ({@code quarkus.http.io-threads=1}), so that two calls are always on the same
 * loop; bodies of 4 KB and more count as large; and the {@link HeldOffload} gate.
 */
public class LargeBodiesProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.io-threads", "1", "router.limits.worker-threshold", "4K");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(HeldOffload.class);
    }
}
