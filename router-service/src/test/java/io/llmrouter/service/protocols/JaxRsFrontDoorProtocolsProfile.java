package io.llmrouter.service.protocols;

import java.util.HashMap;
import java.util.Map;

/** {@link ProtocolsProfile} with the chat routes served by the JAX-RS resource instead of the Vert.x routes. */
public class JaxRsFrontDoorProtocolsProfile extends ProtocolsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>(super.getConfigOverrides());
        c.put("router.http.front-door", "jax-rs");
        return c;
    }
}
