package io.llmrouter.service.inbound;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Room for 5 connections at once, 3 of them from one address; idle connections close 2 s after an answer. */
public class ConnectionLimitsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("router.http.max-connections", "5", "router.http.max-connections-per-address", "3",
                "router.http.keep-alive-timeout", "2s", "router.http.request-head-timeout", "60s");
    }
}
