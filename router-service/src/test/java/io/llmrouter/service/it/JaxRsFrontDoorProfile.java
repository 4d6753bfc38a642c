package io.llmrouter.service.it;

import java.util.Map;

/** {@link UpstreamsProfile} with the chat routes served by the JAX-RS resource instead of the Vert.x routes. */
public class JaxRsFrontDoorProfile extends UpstreamsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("router.http.front-door", "jax-rs");
    }
}
