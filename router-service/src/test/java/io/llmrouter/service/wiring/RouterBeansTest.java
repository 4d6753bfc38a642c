package io.llmrouter.service.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.Message;
import io.llmrouter.api.chat.Role;
import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.upstream.TransportOptions;
import io.llmrouter.core.upstream.UpstreamLimits;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.service.config.TenantRegistryConfigTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upstream transport's settings are checked at start-up: a timeout that fails every call stops it there. The
 * codecs follow the upstream limits.
 */
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

    /** What a Responses client is streamed when the answer has {@code chars} characters of text. */
    private static String streamedResponses(Map<String, String> extra, int chars) {
        Map<String, String> props = TenantRegistryConfigTest.valid();
        props.putAll(extra);
        ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.text(Role.USER, "hi")))
                .stream(true).build();
        StreamEncoder encoder = new RouterBeans().codecs(TenantRegistryConfigTest.config(props))
                .of(Protocol.OPENAI_RESPONSES).streamEncoder(request, InboundContext.BODY_ONLY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(new StreamEvent.Start("r", "m", null), out::writeBytes);
        encoder.encode(new StreamEvent.TextDelta("x".repeat(chars)), out::writeBytes);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStreamedResponsesAnswerIsHeldUpToTheLargestAnswerAnUpstreamMayGive() {
        Map<String, String> small = Map.of("router.upstream.max-response-size", "1K");
        String over = streamedResponses(small, 1025);
        assertTrue(over.contains("response.failed") && over.contains("limit of 1024 characters"), over);
        assertFalse(streamedResponses(small, 1024).contains("response.failed"));
    }

    @Test
    void theCodecsAndTheUpstreamLimitsShareTheirDefault() {
        assertEquals(UpstreamLimits.DEFAULTS.maxResponseBytes(), ConversionSettings.DEFAULT_MAX_ANSWER_SIZE);
        assertFalse(streamedResponses(Map.of(), (4 << 20) + 1).contains("response.failed"),
                "the default holds more than 4 Mi characters");
    }
}
