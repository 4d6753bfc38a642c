package io.llmrouter.service.it;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link TracingProfile} on the Quarkus REST client transport instead of the default Vert.x HTTP client, with JSON
 * console logs (which leave the usage records' own format alone).
 */
public class RestClientTracingProfile extends TracingProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("router.upstream.transport", "rest-client");
        overrides.put("quarkus.log.console.json.enabled", "true");
        return overrides;
    }
}
