package io.llmrouter.service.it;

import java.util.Map;

/** {@link UpstreamsProfile} with context propagation around Mutiny callbacks turned back on. */
public class ContextPropagationProfile extends UpstreamsProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("router.context-propagation", "true");
    }
}
