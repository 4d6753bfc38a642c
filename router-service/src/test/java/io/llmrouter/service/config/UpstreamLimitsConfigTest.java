package io.llmrouter.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.upstream.UpstreamLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The upstream limits: documented defaults, and every out-of-range value refused at start-up by its name. */
class UpstreamLimitsConfigTest {

    private static UpstreamLimits limits(Map<String, String> extra) {
        Map<String, String> props = TenantRegistryConfigTest.valid();
        props.putAll(extra);
        return UpstreamLimitsConfig.of(TenantRegistryConfigTest.config(props).upstream());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertEquals(new UpstreamLimits(32L << 20, new FrameLimits(16 << 20, 16 << 20), Duration.ofMinutes(30)),
                limits(Map.of()));
        assertEquals(UpstreamLimits.DEFAULTS, limits(Map.of()), "the service and the library agree");
    }

    @Test
    void eachLimitIsConfigurable() {
        assertEquals(new UpstreamLimits(1 << 20, new FrameLimits(2048, 4096), Duration.ofSeconds(90)),
                limits(Map.of("router.upstream.max-response-size", "1M", "router.upstream.max-line-size", "2K",
                        "router.upstream.max-event-size", "4K", "router.upstream.max-response-duration", "90s")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "max-response-size | 0 | must be between 1 and 1G, got 0 bytes",
            "max-line-size | 0 | must be between 1 and 1G, got 0 bytes",
            "max-event-size | 2G | must be between 1 and 1G, got 2147483648 bytes",
            "max-response-duration | 0s | must be positive, got PT0S",
            "max-response-duration | -1s | must be positive, got PT-1S"})
    void aValueOutOfRangeNamesItsProperty(String key, String value, String problem) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> limits(Map.of("router.upstream." + key, value)));
        assertEquals("router.upstream." + key, e.property());
        assertEquals("router.upstream." + key + " " + problem, e.getMessage());
    }
}
