package io.llmrouter.service.faults;

import java.util.HashMap;
import java.util.Map;

/** {@link UpstreamFaultsProfile} on the Quarkus REST client transport. */
public class RestClientUpstreamFaultsProfile extends UpstreamFaultsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>(super.getConfigOverrides());
        c.put("router.upstream.transport", "rest-client");
        return c;
    }
}
