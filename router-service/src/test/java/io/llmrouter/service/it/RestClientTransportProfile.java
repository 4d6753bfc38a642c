package io.llmrouter.service.it;

import java.util.Map;

/** {@link UpstreamsProfile} on the Quarkus REST client transport instead of the default Vert.x HTTP client. */
public class RestClientTransportProfile extends UpstreamsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("router.upstream.transport", "rest-client");
    }
}
