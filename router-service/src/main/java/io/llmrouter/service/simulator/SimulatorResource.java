package io.llmrouter.service.simulator;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.routing.LocalAnswers;
import io.llmrouter.core.routing.RoutedResponse;
import io.llmrouter.core.usage.TokenEstimator;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.service.config.RouterConfig;
import io.llmrouter.service.jaxrs.RestReplies;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * A provider simulator speaking every upstream protocol, for the demo profile and for integration tests without
 * provider keys ({@code router.simulator.enabled=true}). Base URL of a simulated upstream:
 * {@code http://host:port/simulator/<mode>/<protocol>} where mode is {@code ok} or {@code fail-<status>} (answers
 * that HTTP error in the protocol's format; 429 carries {@code Retry-After: 1}). It decodes the request with the
 * protocol's own decoder and answers with its own encoder, streams paced by {@code router.simulator.chunk-delay}; the
 * Anthropic and Gemini upstreams also count tokens ({@code messages/count_tokens}, {@code :countTokens}), and the
 * upstreams of every protocol with embeddings embed ({@link SimulatedEmbeddings}).
 */
@Path("/simulator/{mode}")
@Produces(MediaType.APPLICATION_OCTET_STREAM)
public class SimulatorResource {

    private final LocalAnswers answers;
    private final TokenEstimator estimator;
    private final RouterConfig config;

    @Inject
    public SimulatorResource(LocalAnswers answers, TokenEstimator estimator, RouterConfig config) {
        this.answers = answers;
        this.estimator = estimator;
        this.config = config;
    }

    /** OpenAI Chat Completions. */
    @POST
    @Path("openai/chat/completions")
    public RestMulti<byte[]> openai(@PathParam("mode") String mode, byte[] body) {
        return simulate(mode, Protocol.OPENAI, body, InboundContext.BODY_ONLY);
    }

    /** OpenAI Responses. */
    @POST
    @Path("openai-responses/responses")
    public RestMulti<byte[]> responses(@PathParam("mode") String mode, byte[] body) {
        return simulate(mode, Protocol.OPENAI_RESPONSES, body, InboundContext.BODY_ONLY);
    }

    /** OpenAI embeddings. */
    @POST
    @Path("openai/embeddings")
    public RestMulti<byte[]> openaiEmbeddings(@PathParam("mode") String mode, byte[] body) {
        return embed(mode, Protocol.OPENAI, body, InboundContext.BODY_ONLY);
    }

    /** Azure OpenAI deployments' embeddings. */
    @POST
    @Path("azure-openai/openai/deployments/{deployment}/embeddings")
    public RestMulti<byte[]> azureEmbeddings(@PathParam("mode") String mode, byte[] body) {
        return embed(mode, Protocol.OPENAI, body, InboundContext.BODY_ONLY);
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

    /** Anthropic's count of input tokens. */
    @POST
    @Path("anthropic/messages/count_tokens")
    public RestMulti<byte[]> anthropicCount(@PathParam("mode") String mode, byte[] body) {
        return count(mode, Protocol.ANTHROPIC, body, InboundContext.BODY_ONLY);
    }

    /** Gemini generateContent / streamGenerateContent, countTokens, embedContent and batchEmbedContents. */
    @POST
    @Path("gemini/models/{call}")
    public RestMulti<byte[]> gemini(@PathParam("mode") String mode, @PathParam("call") String call,
                                    @QueryParam("alt") String alt, byte[] body) {
        int colon = call.lastIndexOf(':');
        String model = colon > 0 ? call.substring(0, colon) : call;
        if (call.endsWith(":countTokens")) {
            return count(mode, Protocol.GEMINI, body, InboundContext.gemini(model, false, false));
        }
        if (call.endsWith(":embedContent") || call.endsWith(":batchEmbedContents")) {
            return embed(mode, Protocol.GEMINI, body, InboundContext.gemini(model, false, false));
        }
        boolean stream = call.endsWith(":streamGenerateContent");
        return simulate(mode, Protocol.GEMINI, body, InboundContext.gemini(model, stream, "sse".equals(alt)));
    }

    /** Cohere Chat v1. */
    @POST
    @Path("cohere/chat")
    public RestMulti<byte[]> cohere(@PathParam("mode") String mode, byte[] body) {
        return simulate(mode, Protocol.COHERE, body, InboundContext.BODY_ONLY);
    }

    /** Cohere embed v1. */
    @POST
    @Path("cohere/embed")
    public RestMulti<byte[]> cohereEmbed(@PathParam("mode") String mode, byte[] body) {
        return embed(mode, Protocol.COHERE, body, InboundContext.BODY_ONLY);
    }

    /** Cohere embed v2. */
    @POST
    @Path("cohere-v2/embed")
    public RestMulti<byte[]> cohereV2Embed(@PathParam("mode") String mode, byte[] body) {
        return embed(mode, Protocol.COHERE_V2, body, InboundContext.BODY_ONLY);
    }

    /** Cohere Chat v2. */
    @POST
    @Path("cohere-v2/chat")
    public RestMulti<byte[]> cohereV2(@PathParam("mode") String mode, byte[] body) {
        return simulate(mode, Protocol.COHERE_V2, body, InboundContext.BODY_ONLY);
    }

    private RestMulti<byte[]> simulate(String mode, Protocol protocol, byte[] body, InboundContext ctx) {
        RoutedResponse answer = refusal(mode, protocol);
        if (answer == null) {
            answer = answers.answer(protocol, body, ctx, new SimulatedModel(protocol.configName(), estimator),
                    config.simulator().chunkDelay());
        }
        return RestReplies.of(Uni.createFrom().item(answer));
    }

    private RestMulti<byte[]> count(String mode, Protocol protocol, byte[] body, InboundContext ctx) {
        RoutedResponse answer = refusal(mode, protocol);
        if (answer == null) {
            answer = answers.count(protocol, body, ctx, new SimulatedModel(protocol.configName(), estimator));
        }
        return RestReplies.of(Uni.createFrom().item(answer));
    }

    private RestMulti<byte[]> embed(String mode, Protocol protocol, byte[] body, InboundContext ctx) {
        RoutedResponse answer = refusal(mode, protocol);
        if (answer == null) {
            answer = answers.embed(protocol, body, ctx, new SimulatedEmbeddings(estimator));
        }
        return RestReplies.of(Uni.createFrom().item(answer));
    }

    /** The failure the simulator answers for {@code mode} (or when it is disabled); null when it answers. */
    private RoutedResponse refusal(String mode, Protocol protocol) {
        if (!config.simulator().enabled()) {
            return answers.fail(protocol, ApiError.of(ErrorKind.NOT_FOUND, "simulator disabled"), -1);
        }
        if (mode.startsWith("fail-")) {
            int status = parseStatus(mode.substring(5));
            return answers.fail(protocol, new ApiError(ErrorKind.fromStatus(status), status,
                    "simulated failure " + status, null), status == 429 ? 1_000 : -1);
        }
        return null;
    }

    private static int parseStatus(String s) {
        try {
            int status = Integer.parseInt(s);
            return status >= 400 && status <= 599 ? status : 500;
        } catch (NumberFormatException e) {
            return 500;
        }
    }
}
