package io.llmrouter.service.protocols;

import java.util.HashMap;
import java.util.Map;

/** {@link ProtocolsProfile} on the Quarkus REST client transport instead of the default Vert.x HTTP client. */
public class RestClientTransportProtocolsProfile extends ProtocolsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>(super.getConfigOverrides());
        c.put("router.upstream.transport", "rest-client");
        return c;
    }
}
