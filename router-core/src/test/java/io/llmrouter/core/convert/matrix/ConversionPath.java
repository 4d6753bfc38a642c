package io.llmrouter.core.convert.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamDecoder;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.testing.StreamAnswers;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The whole conversion path of one routed call, without HTTP: client SDK → router → provider → router → client
 * SDK, each hop through the codec that would run there.
 */
final class ConversionPath {

    static final Codecs CODECS = Codecs.defaults();
    static final String UPSTREAM_MODEL = "upstream-model";

    /** How the client asks: unary, streamed (SSE or the protocol's own framing), or Gemini's JSON-array stream. */
    enum Mode {
        NON_STREAM, STREAM, STREAM_JSON_ARRAY;

        boolean stream() {
            return this != NON_STREAM;
        }
    }

    private ConversionPath() {
    }

    static Key key(Protocol p) {
        String base = switch (p) {
            case AZURE_OPENAI -> "https://matrix.openai.azure.com";
            case GEMINI -> "https://generativelanguage.googleapis.com";
            default -> "https://api.example.com";
        };
        return new Key(p, base, "test-key-" + p.configName());
    }

    /** The route context of a client request. */
    static InboundContext clientContext(Protocol client, Mode mode) {
        if (client == Protocol.GEMINI) {
            return InboundContext.gemini(Scenarios.MODEL, mode.stream(), mode != Mode.STREAM_JSON_ARRAY);
        }
        return InboundContext.BODY_ONLY;
    }

    /** What a client SDK of {@code client} sends for the scenario's request. */
    static byte[] clientBody(Protocol client, ChatRequest scenario, Mode mode) {
        ChatRequest ir = scenario.toBuilder().stream(mode.stream()).includeUsage(mode.stream()).build();
        return CODECS.of(client).encodeRequest(ir, Scenarios.MODEL, key(client)).body();
    }

    /** The router's decode, as {@code LlmRouter.route} does it. */
    static ChatRequest routerDecode(Protocol client, byte[] body, Mode mode) {
        InboundContext ctx = clientContext(client, mode);
        ChatRequest request = CODECS.of(client).decodeRequest(body, ctx);
        if (ctx.streamRoute() && !request.stream()) {
            request = request.toBuilder().stream(true).build();
        }
        return request;
    }

    /** The route context the provider sees for what the router sent. */
    static InboundContext providerContext(Protocol upstream, UpstreamRequest up) {
        if (upstream == Protocol.GEMINI) {
            return InboundContext.gemini(UPSTREAM_MODEL, up.url().contains(":streamGenerateContent"),
                    up.url().contains("alt=sse"));
        }
        return InboundContext.BODY_ONLY;
    }

    /** The provider's answer, decoded by the router and re-encoded for the client, decoded by the client SDK. */
    static ChatResponse unary(Protocol client, Protocol upstream, ChatRequest clientRequest,
                              ChatRequest providerRequest, ChatResponse answer) {
        ProtocolCodec up = CODECS.of(upstream);
        ProtocolCodec cl = CODECS.of(client);
        byte[] providerBody = up.encodeResponse(answer, providerRequest);
        ChatResponse routed = up.decodeResponse(providerBody);
        byte[] clientBytes = cl.encodeResponse(routed, clientRequest);
        return cl.decodeResponse(clientBytes);
    }

    /** The same through streams; the upstream's and the client's bytes are fed in random-sized pieces. */
    static ChatResponse streamed(Protocol client, Protocol upstream, Mode mode, ChatRequest clientRequest,
                                 UpstreamRequest upReq, ChatRequest providerRequest, ChatResponse answer,
                                 Random random) {
        ProtocolCodec up = CODECS.of(upstream);
        ProtocolCodec cl = CODECS.of(client);
        StreamEncoder providerEncoder = up.streamEncoder(providerRequest, providerContext(upstream, upReq));
        ByteArrayOutputStream providerBytes = new ByteArrayOutputStream();
        for (StreamEvent e : events(answer)) {
            providerEncoder.encode(e, providerBytes::writeBytes);
        }
        providerEncoder.end(providerBytes::writeBytes);

        StreamEncoder clientEncoder = cl.streamEncoder(clientRequest, clientContext(client, mode));
        ByteArrayOutputStream clientBytes = new ByteArrayOutputStream();
        feed(up.streamDecoder(), providerBytes.toByteArray(), random,
                e -> clientEncoder.encode(e, clientBytes::writeBytes));
        clientEncoder.end(clientBytes::writeBytes);

        byte[] sdkInput = clientBytes.toByteArray();
        if (mode == Mode.STREAM_JSON_ARRAY) {
            sdkInput = jsonArrayAsSse(sdkInput);
        }
        List<StreamEvent> sdkEvents = new ArrayList<>();
        feed(cl.streamDecoder(), sdkInput, random, sdkEvents::add);
        return assemble(sdkEvents);
    }

    /** The events a provider emits for an answer: start, text in pieces, tool calls in fragments, usage, finish. */
    static List<StreamEvent> events(ChatResponse answer) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.Start(answer.id(), answer.model(), null));
        String text = answer.text();
        if (!text.isEmpty()) {
            for (int i = 0; i < text.length(); i += 5) {
                events.add(new StreamEvent.TextDelta(text.substring(i, Math.min(text.length(), i + 5))));
            }
            events.add(new StreamEvent.BlockStop(StreamEvent.BlockStop.TEXT));
        }
        int index = 0;
        for (ContentPart.ToolCall call : answer.toolCalls()) {
            events.add(new StreamEvent.ToolCallStart(index, call.id(), call.name()));
            String args = call.arguments();
            for (int i = 0; i < args.length(); i += 7) {
                events.add(new StreamEvent.ToolArgumentsDelta(index, args.substring(i, Math.min(args.length(), i + 7))));
            }
            events.add(new StreamEvent.BlockStop(index));
            index++;
        }
        events.add(new StreamEvent.UsageReport(answer.usage(), true));
        events.add(new StreamEvent.Finish(answer.finishReason()));
        return events;
    }

    /** A client SDK's view of a stream: the events folded into one answer. Stream errors fail the test. */
    static ChatResponse assemble(List<StreamEvent> events) {
        return StreamAnswers.assemble(events);
    }

    /** Feeds bytes to a decoder in random-sized pieces (1 to 23 bytes), then ends it. */
    static void feed(StreamDecoder decoder, byte[] bytes, Random random,
                     java.util.function.Consumer<StreamEvent> out) {
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + random.nextInt(23));
            decoder.feed(Arrays.copyOfRange(bytes, pos, pos + n), out);
            pos += n;
        }
        decoder.end(out);
    }

    /**
     * Gemini's stream without {@code alt=sse} is one JSON array of GenerateContentResponse objects: it must parse as
     * such; an SDK then handles each element as the SSE form's {@code data:} payload.
     */
    static byte[] jsonArrayAsSse(byte[] body) {
        JsonNode array = Json.tryParse(new String(body, StandardCharsets.UTF_8));
        if (array == null || !array.isArray()) {
            throw new AssertionError("Gemini JSON-array stream is not a JSON array: "
                    + new String(body, StandardCharsets.UTF_8));
        }
        StringBuilder sse = new StringBuilder();
        for (JsonNode element : array) {
            if (!element.isObject()) {
                throw new AssertionError("Gemini JSON-array stream element is not an object: " + element);
            }
            sse.append("data: ").append(element).append("\r\n\r\n");
        }
        return sse.toString().getBytes(StandardCharsets.UTF_8);
    }
}
