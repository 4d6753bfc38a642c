package io.llmrouter.service.simulator;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ChatResponse;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.api.stream.StreamEvent;
import io.llmrouter.core.convert.Codecs;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.convert.StreamEncoder;
import io.llmrouter.core.routing.RoutedResponse;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.Bytes;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.service.config.RouterConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * A provider simulator speaking every upstream protocol, for the demo profile and for integration tests without
 * provider keys ({@code router.simulator.enabled=true}). Base URL of a simulated upstream:
 * {@code http://host:port/simulator/<mode>/<protocol>} where mode is {@code ok} or {@code fail-<status>} (answers
 * that HTTP error in the protocol's format; 429 carries {@code Retry-After: 1}). It decodes the request with the
 * protocol's own decoder and answers with its own encoder, streams paced by {@code router.simulator.chunk-delay}.
 */
@Path("/simulator/{mode}")
@Produces(MediaType.APPLICATION_OCTET_STREAM)
public class SimulatorResource {

    private final Codecs codecs;
    private final TokenEstimator estimator;
    private final RouterConfig config;

    @Inject
    public SimulatorResource(Codecs codecs, TokenEstimator estimator, RouterConfig config) {
        this.codecs = codecs;
        this.estimator = estimator;
        this.config = config;
    }

    /** OpenAI Chat Completions. */
    @POST
    @Path("openai/chat/completions")
    public RestMulti<byte[]> openai(@PathParam("mode") String mode, byte[] body) {
        return simulate(mode, Protocol.OPENAI, body, InboundContext.BODY_ONLY);
    }

    /** Azure OpenAI deployments. */
    @POST
    @Path("azure-openai/openai/deployments/{deployment}/chat/completions")
    public RestMulti<byte[]> azure(@PathParam("mode") String mode, byte[] body) {
        return simulate(mode, Protocol.OPENAI, body, InboundContext.BODY_ONLY);
    }

    /** Anthropic Messages. */
    @POST
    @Path("anthropic/messages")
    public RestMulti<byte[]> anthropic(@PathParam("mode") String mode, byte[] body) {
        return simulate(mode, Protocol.ANTHROPIC, body, InboundContext.BODY_ONLY);
    }

    /** Gemini generateContent / streamGenerateContent. */
    @POST
    @Path("gemini/models/{call}")
    public RestMulti<byte[]> gemini(@PathParam("mode") String mode, @PathParam("call") String call,
                                    @QueryParam("alt") String alt, byte[] body) {
        int colon = call.lastIndexOf(':');
        String model = colon > 0 ? call.substring(0, colon) : call;
        boolean stream = call.endsWith(":streamGenerateContent");
        return simulate(mode, Protocol.GEMINI, body, InboundContext.gemini(model, stream, "sse".equals(alt)));
    }

    /** Cohere Chat v1. */
    @POST
    @Path("cohere/chat")
    public RestMulti<byte[]> cohere(@PathParam("mode") String mode, byte[] body) {
        return simulate(mode, Protocol.COHERE, body, InboundContext.BODY_ONLY);
    }

    /** Cohere Chat v2. */
    @POST
    @Path("cohere-v2/chat")
    public RestMulti<byte[]> cohereV2(@PathParam("mode") String mode, byte[] body) {
        return simulate(mode, Protocol.COHERE_V2, body, InboundContext.BODY_ONLY);
    }

    private RestMulti<byte[]> simulate(String mode, Protocol protocol, byte[] body, InboundContext ctx) {
        ProtocolCodec codec = codecs.of(protocol);
        if (!config.simulator().enabled()) {
            return reply(error(codec, ApiError.of(ErrorKind.NOT_FOUND, "simulator disabled"), null));
        }
        if (mode.startsWith("fail-")) {
            int status = parseStatus(mode.substring(5));
            return reply(error(codec, new ApiError(ErrorKind.fromStatus(status), status,
                    "simulated failure " + status, null), status == 429 ? "1" : null));
        }
        ChatRequest request;
        try {
            request = codec.decodeRequest(body, ctx);
        } catch (RouterException e) {
            return reply(error(codec, e.error(), null));
        }
        ChatResponse answer = SimulatedAnswer.answer(request, protocol.configName(), estimator);
        if (!(request.stream() || ctx.streamRoute())) {
            return reply(new RoutedResponse(200, "application/json", Map.of(),
                    codec.encodeResponse(answer, request), null, null));
        }
        StreamEncoder encoder = codec.streamEncoder(request, ctx);
        List<byte[]> frames = new ArrayList<>();
        for (StreamEvent e : SimulatedStream.events(answer)) {
            List<byte[]> group = new ArrayList<>();
            encoder.encode(e, group::add);
            frames.add(Bytes.concat(group));
        }
        List<byte[]> tail = new ArrayList<>();
        encoder.end(tail::add);
        frames.add(Bytes.concat(tail));
        Duration delay = config.simulator().chunkDelay();
        Multi<byte[]> paced = Multi.createFrom().iterable(frames).filter(f -> f.length > 0);
        if (!delay.isZero()) {
            paced = paced.onItem().call(f -> Uni.createFrom().voidItem().onItem().delayIt().by(delay));
        }
        return reply(new RoutedResponse(200, encoder.contentType(), Map.of(), null, paced, null));
    }

    private static int parseStatus(String s) {
        try {
            int status = Integer.parseInt(s);
            return status >= 400 && status <= 599 ? status : 500;
        } catch (NumberFormatException e) {
            return 500;
        }
    }

    private static RoutedResponse error(ProtocolCodec codec, ApiError error, String retryAfter) {
        EncodedError enc = codec.encodeError(error);
        Map<String, String> headers = new HashMap<>();
        if (retryAfter != null) {
            headers.put("Retry-After", retryAfter);
        }
        // Keep the simulated status even where the protocol would map it (e.g. 503 stays 503).
        return new RoutedResponse(error.status(), enc.contentType(), headers, enc.body(), null, null);
    }

    private static RestMulti<byte[]> reply(RoutedResponse r) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Content-Type", List.of(r.contentType()));
        r.headers().forEach((k, v) -> headers.put(k, List.of(v)));
        return RestMulti.fromUniResponse(Uni.createFrom().item(r),
                x -> x.streaming() ? x.stream() : Multi.createFrom().item(x.body()), x -> headers, x -> x.status());
    }
}
