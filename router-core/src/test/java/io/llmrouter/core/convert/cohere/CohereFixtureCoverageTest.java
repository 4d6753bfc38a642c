package io.llmrouter.core.convert.cohere;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.testing.Fixtures;
import io.llmrouter.core.testing.Splits;
import io.llmrouter.core.wire.InboundContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards that no Cohere fixture is left out: every file under cohere/, constructed/cohere/ and observed/cohere_*
 * goes through the decoder its name calls for (the per-kind tests assert the values).
 */
class CohereFixtureCoverageTest {

    private final ProtocolCodec v1 = Codecs.defaults().of(Protocol.COHERE);
    private final ProtocolCodec v2 = Codecs.defaults().of(Protocol.COHERE_V2);

    @Test
    void everyCohereFixtureDecodes() {
        List<String> files = new ArrayList<>(Fixtures.list("cohere"));
        files.addAll(Fixtures.list("constructed/cohere"));
        files.addAll(Fixtures.list("observed").stream().filter(f -> f.startsWith("observed/cohere_")).toList());
        assertTrue(files.size() >= 31, "expected all Cohere fixtures, got " + files);
        int decoded = 0;
        for (String f : files) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            ProtocolCodec codec = f.contains("/v2/") || name.startsWith("v2_") ? v2 : v1;
            byte[] bytes = Fixtures.bytes(f);
            if (name.contains("request_")) {
                ChatRequest r = codec.decodeRequest(bytes, InboundContext.BODY_ONLY);
                assertFalse(r.messages().isEmpty(), f);
            } else if (name.startsWith("response_")) {
                ChatResponse r = codec.decodeResponse(bytes);
                assertNotNull(r.finishReason(), f);
                assertNotNull(r.usage(), f);
                assertFalse(r.content().isEmpty(), f);
            } else if (name.startsWith("stream_")) {
                List<StreamEvent> events = Splits.whole(codec::streamDecoder, bytes);
                assertTrue(events.get(0) instanceof StreamEvent.Start, f);
                assertTrue(events.get(events.size() - 1) instanceof StreamEvent.Finish, f);
            } else if (name.contains("error_")) {
                int status = Integer.parseInt(name.replaceAll("^.*error_(\\d{3}).*$", "$1"));
                ApiError e = codec.decodeError(status, bytes).error();
                assertEquals(status, e.status(), f);
                assertFalse(e.message().isBlank(), f);
            } else {
                throw new AssertionError("unclassified fixture " + f);
            }
            decoded++;
        }
        assertEquals(files.size(), decoded);
        assertTrue(Stream.of(v1, v2).allMatch(c -> c.protocol().name().startsWith("COHERE")));
    }
}
