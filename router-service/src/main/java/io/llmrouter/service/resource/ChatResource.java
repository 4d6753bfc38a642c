package io.llmrouter.service.resource;

import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.convert.InboundContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * The front doors of CONTRACT.md, one per client protocol. Bodies are taken as raw bytes (parsed once, by the
 * codec); answers and streams are returned as a Multi of ready-made frames whose content type is set per response.
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
        return gateway.handle(Protocol.OPENAI, body, http, InboundContext.BODY_ONLY);
    }

    /** Anthropic Messages. */
    @POST
    @Path("v1/messages")
    public RestMulti<byte[]> anthropic(byte[] body, @Context HttpServerRequest http) {
        return gateway.handle(Protocol.ANTHROPIC, body, http, InboundContext.BODY_ONLY);
    }

    /** Cohere Chat v1. */
    @POST
    @Path("v1/chat")
    public RestMulti<byte[]> cohereV1(byte[] body, @Context HttpServerRequest http) {
        return gateway.handle(Protocol.COHERE, body, http, InboundContext.BODY_ONLY);
    }

    /** Cohere Chat v2. */
    @POST
    @Path("v2/chat")
    public RestMulti<byte[]> cohereV2(byte[] body, @Context HttpServerRequest http) {
        return gateway.handle(Protocol.COHERE_V2, body, http, InboundContext.BODY_ONLY);
    }

    /** Gemini {@code /v1beta/models/{model}:generateContent} and {@code :streamGenerateContent}. */
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
        int colon = call.lastIndexOf(':');
        String model = colon > 0 ? call.substring(0, colon) : call;
        String method = colon > 0 ? call.substring(colon + 1) : "";
        boolean stream;
        if ("generateContent".equals(method)) {
            stream = false;
        } else if ("streamGenerateContent".equals(method)) {
            stream = true;
        } else {
            return ChatGateway.reply(Uni.createFrom().item(gateway.error(Protocol.GEMINI, ApiError.of(
                    ErrorKind.NOT_FOUND, "Unknown method '" + method
                            + "': use models/{model}:generateContent or :streamGenerateContent"), -1)));
        }
        return gateway.handle(Protocol.GEMINI, body, http, InboundContext.gemini(model, stream, "sse".equals(alt)));
    }
}
