package io.llmrouter.service.inbound;

import java.util.HashMap;
import java.util.Map;

/** {@link SlowClientsProfile} with the chat routes served by the JAX-RS resource. */
public class JaxRsSlowClientsProfile extends SlowClientsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("router.http.front-door", "jax-rs");
        return config;
    }
}
