package io.llmrouter.service.protocols;

import java.util.HashMap;
import java.util.Map;

/** {@link ProtocolsProfile} on the Vert.x HTTP client transport instead of the default REST client. */
public class VertxTransportProtocolsProfile extends ProtocolsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>(super.getConfigOverrides());
        c.put("router.upstream.transport", "vertx");
        return c;
    }
}
