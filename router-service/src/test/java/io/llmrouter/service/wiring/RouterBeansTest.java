package io.llmrouter.service.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.upstream.TransportOptions;
import io.llmrouter.service.config.TenantRegistryConfigTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The upstream transport's settings are checked at start-up: a timeout that fails every call stops it there. */
class RouterBeansTest {

    private static TransportOptions options(String property, String value) {
        Map<String, String> p = TenantRegistryConfigTest.valid();
        if (property != null) {
            p.put("router.upstream." + property, value);
        }
        return RouterBeans.transportOptions(TenantRegistryConfigTest.config(p));
    }

    @Test
    void timeoutsMustBePositiveAndSane() {
        String[][] invalid = {
            {"first-byte-timeout", "0s"}, {"idle-timeout", "-1s"}, {"connect-timeout", "0s"},
            {"connect-timeout", "PT0.0001S"}, {"idle-timeout", "3000d"}, {"max-connections-per-host", "0"},
        };
        for (String[] setting : invalid) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> options(setting[0], setting[1]), setting[0] + "=" + setting[1]);
            assertEquals("router.upstream." + setting[0], e.property());
            assertTrue(e.getMessage().startsWith("router.upstream." + setting[0] + " must be "), e.getMessage());
        }
    }

    @Test
    void theDefaultsAndOrdinaryValuesAreAccepted() {
        TransportOptions defaults = options(null, null);
        assertEquals(Duration.ofSeconds(5), defaults.connectTimeout());
        assertEquals(Duration.ofSeconds(120), defaults.firstByteTimeout());
        assertEquals(Duration.ofSeconds(60), defaults.idleTimeout());
        assertEquals(Duration.ofMillis(1), options("idle-timeout", "1ms").idleTimeout());
        assertEquals(Duration.ofHours(24), options("first-byte-timeout", "24h").firstByteTimeout());
    }
}
