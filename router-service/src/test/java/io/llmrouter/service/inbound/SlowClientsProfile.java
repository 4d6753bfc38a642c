package io.llmrouter.service.inbound;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * Short request deadlines and small connection limits, so that slow clients and connection floods are cut off within
 * a test: 1 s to send a head or a body, 2 s of keep-alive, 5 connections at once, 3 from one address.
 */
public class SlowClientsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("router.http.request-head-timeout", "1s");
        config.put("router.http.request-body-timeout", "1s");
        config.put("router.http.keep-alive-timeout", "2s");
        config.put("router.http.max-connections", "5");
        config.put("router.http.max-connections-per-address", "3");
        return config;
    }
}
