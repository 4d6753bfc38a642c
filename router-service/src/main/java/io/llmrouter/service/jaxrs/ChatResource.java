package io.llmrouter.service.jaxrs;

import io.llmrouter.service.gateway.ChatGateway;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.Operation;
import io.llmrouter.core.routing.RoutedResponse;
import io.llmrouter.core.wire.InboundContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * The chat routes as JAX-RS resource methods, serving only with {@code router.http.front-door=jax-rs}; by default
 * {@code ChatRoutes} answers these paths first (the same calls for less CPU each: docs/benchmarks.md, "Settings and
 * what they cost"). Bodies are taken as raw bytes (parsed once, by the codec); answers and streams are returned
 * as a Multi of ready-made frames whose status, headers and content type are set per response.
 */
@Path("/")
@Produces(MediaType.APPLICATION_OCTET_STREAM)
public class ChatResource {

    private final ChatGateway gateway;

    @Inject
    public ChatResource(ChatGateway gateway) {
        this.gateway = gateway;
    }

    /** OpenAI Chat Completions. */
    @POST
    @Path("v1/chat/completions")
    public RestMulti<byte[]> openai(byte[] body, @Context HttpServerRequest http) {
        return reply(gateway.handle(Protocol.OPENAI, body, http, InboundContext.BODY_ONLY));
    }

    /** OpenAI Responses. */
    @POST
    @Path("v1/responses")
    public RestMulti<byte[]> responses(byte[] body, @Context HttpServerRequest http) {
        return reply(gateway.handle(Protocol.OPENAI_RESPONSES, body, http, InboundContext.BODY_ONLY));
    }

    /** OpenAI's count of the input tokens of a Responses body. */
    @POST
    @Path("v1/responses/input_tokens")
    public RestMulti<byte[]> responsesCount(byte[] body, @Context HttpServerRequest http) {
        return reply(gateway.handle(Protocol.OPENAI_RESPONSES, body, http, InboundContext.BODY_ONLY,
                Operation.COUNT_TOKENS));
    }

    /** A stored response: the router keeps no response state (400 in the Responses format). */
    @GET
    @Path("v1/responses/{id}")
    public RestMulti<byte[]> storedResponse(@Context HttpServerRequest http) {
        return reply(Uni.createFrom().item(gateway.storedResponse(http)));
    }

    /** Deleting a stored response: there is none. */
    @DELETE
    @Path("v1/responses/{id}")
    public RestMulti<byte[]> deleteStoredResponse(@Context HttpServerRequest http) {
        return storedResponse(http);
    }

    /** A stored response's input items: there are none. */
    @GET
    @Path("v1/responses/{id}/input_items")
    public RestMulti<byte[]> storedInputItems(@Context HttpServerRequest http) {
        return storedResponse(http);
    }

    /** Cancelling a background response: there is none (background runs are refused). */
    @POST
    @Path("v1/responses/{id}/cancel")
    public RestMulti<byte[]> cancelStoredResponse(@Context HttpServerRequest http) {
        return storedResponse(http);
    }

    /** Anthropic Messages. */
    @POST
    @Path("v1/messages")
    public RestMulti<byte[]> anthropic(byte[] body, @Context HttpServerRequest http) {
        return reply(gateway.handle(Protocol.ANTHROPIC, body, http, InboundContext.BODY_ONLY));
    }

    /** Anthropic's count of input tokens ({@code ?beta=true}, which some SDKs add, changes nothing). */
    @POST
    @Path("v1/messages/count_tokens")
    public RestMulti<byte[]> anthropicCount(byte[] body, @Context HttpServerRequest http) {
        return reply(gateway.handle(Protocol.ANTHROPIC, body, http, InboundContext.BODY_ONLY,
                Operation.COUNT_TOKENS));
    }

    /** Cohere Chat v1. */
    @POST
    @Path("v1/chat")
    public RestMulti<byte[]> cohereV1(byte[] body, @Context HttpServerRequest http) {
        return reply(gateway.handle(Protocol.COHERE, body, http, InboundContext.BODY_ONLY));
    }

    /** Cohere Chat v2. */
    @POST
    @Path("v2/chat")
    public RestMulti<byte[]> cohereV2(byte[] body, @Context HttpServerRequest http) {
        return reply(gateway.handle(Protocol.COHERE_V2, body, http, InboundContext.BODY_ONLY));
    }

    /** OpenAI embeddings. */
    @POST
    @Path("v1/embeddings")
    public RestMulti<byte[]> openaiEmbeddings(byte[] body, @Context HttpServerRequest http) {
        return reply(gateway.handle(Protocol.OPENAI, body, http, InboundContext.BODY_ONLY, Operation.EMBEDDINGS));
    }

    /** Cohere embed v1. */
    @POST
    @Path("v1/embed")
    public RestMulti<byte[]> cohereV1Embed(byte[] body, @Context HttpServerRequest http) {
        return reply(gateway.handle(Protocol.COHERE, body, http, InboundContext.BODY_ONLY, Operation.EMBEDDINGS));
    }

    /** Cohere embed v2. */
    @POST
    @Path("v2/embed")
    public RestMulti<byte[]> cohereV2Embed(byte[] body, @Context HttpServerRequest http) {
        return reply(gateway.handle(Protocol.COHERE_V2, body, http, InboundContext.BODY_ONLY, Operation.EMBEDDINGS));
    }

    /**
     * Gemini {@code /v1beta/models/{model}:generateContent}, {@code :streamGenerateContent}, {@code :countTokens},
     * {@code :embedContent} and {@code :batchEmbedContents}.
     */
    @POST
    @Path("v1beta/models/{call}")
    public RestMulti<byte[]> geminiBeta(@PathParam("call") String call, @QueryParam("alt") String alt, byte[] body,
                                        @Context HttpServerRequest http) {
        return gemini(call, alt, body, http);
    }

    /** Gemini v1 (stable) routes, same semantics. */
    @POST
    @Path("v1/models/{call}")
    public RestMulti<byte[]> geminiV1(@PathParam("call") String call, @QueryParam("alt") String alt, byte[] body,
                                      @Context HttpServerRequest http) {
        return gemini(call, alt, body, http);
    }

    private RestMulti<byte[]> gemini(String call, String alt, byte[] body, HttpServerRequest http) {
        return reply(gateway.handleGemini(call, alt, body, http));
    }

    private static RestMulti<byte[]> reply(Uni<RoutedResponse> routed) {
        return RestReplies.of(routed);
    }
}
