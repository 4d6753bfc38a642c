package io.llmrouter.core.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.openai.OpenAi;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The registry: one codec per protocol, each a complete composition of its package's parts. */
class CodecsTest {

    @Test
    void everyProtocolHasItsCodec() {
        Codecs codecs = Codecs.defaults();
        for (Protocol p : Protocol.values()) {
            assertEquals(p, codecs.of(p).protocol(), p.configName());
        }
        assertSame(codecs, Codecs.defaults(), "the defaults are made once");
    }

    @Test
    void aCodecWithAPartMissingIsRefusedWhenBuilt() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> ProtocolCodec.builder(Protocol.OPENAI).requestDecoder((body, ctx, drops) -> null).build());
        assertTrue(e.getMessage().startsWith("the codec of OPENAI has no "), e.getMessage());
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ConversionSettings(Clock.systemUTC(), 0));
        assertThrows(IllegalArgumentException.class, () -> new ConversionSettings(null, 1));
        assertEquals(Protocol.OPENAI, OpenAi.codec(ConversionSettings.DEFAULTS).protocol());
    }
}
