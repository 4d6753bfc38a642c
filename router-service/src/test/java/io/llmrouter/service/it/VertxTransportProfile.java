package io.llmrouter.service.it;

import java.util.Map;

/** {@link UpstreamsProfile} on the Vert.x HTTP client transport instead of the default REST client. */
public class VertxTransportProfile extends UpstreamsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("router.upstream.transport", "vertx");
    }
}
