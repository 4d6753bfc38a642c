package io.llmrouter.service.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/** Loads the tenants {@code alpha} and {@code beta} from the tenant files in {@code src/test/resources/tenants}. */
public class TenantsDirProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("router.tenants-dir", Path.of("src/test/resources/tenants").toAbsolutePath().toString());
    }
}
