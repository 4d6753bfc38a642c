package io.llmrouter.service.routes;

import io.llmrouter.service.gateway.ChatGateway;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.api.Operation;
import io.llmrouter.core.routing.RoutedResponse;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.service.config.RouterConfig.Http.FrontDoor;
import io.llmrouter.service.config.RouterConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The chat routes as Vert.x Web routes, ordered ahead of RESTEasy so that they answer these paths (the default,
 * {@code router.http.front-door=vertx}). Measured against the same calls through {@code ChatResource}, this front door
 * costs less router CPU per non-streamed call (docs/benchmarks.md, "Settings and what they cost"): no JAX-RS reader
 * and writer lookups per body, no request-scope activation, and the answer goes out as one write with a
 * Content-Length instead of a one-item chunked stream. It also reports streams abandoned by their caller as done to
 * Quarkus, whose graceful shutdown otherwise waits for them, and it decides what it can from the head before reading
 * the body: a call without a valid key, with multipart form data or with a declared length over the limit is refused
 * unread. Everything a call means is in {@link ChatGateway}; this class only reads the body ({@link RequestBody}) and
 * hands the answer to {@link RoutedResponseWriter}.
 */
// @Singleton rather than @ApplicationScoped: used on every call, so no client proxy in front of it.
@Singleton
public class ChatRoutes {

    private static final Logger LOG = Logger.getLogger(ChatRoutes.class);

    private final ChatGateway gateway;
    private final FrontDoor frontDoor;

    @Inject
    public ChatRoutes(ChatGateway gateway, RouterConfig config) {
        this.gateway = gateway;
        this.frontDoor = config.http().frontDoor();
    }

    void register(@Observes Router router) {
        if (frontDoor != FrontDoor.VERTX) {
            return;
        }
        route(router, "/v1/chat/completions", Protocol.OPENAI, rc -> InboundContext.BODY_ONLY);
        route(router, "/v1/responses", Protocol.OPENAI_RESPONSES, rc -> InboundContext.BODY_ONLY);
        // OpenAI's count of input tokens: a Responses body, counted like Anthropic's.
        route(router, "/v1/responses/input_tokens", Protocol.OPENAI_RESPONSES, rc -> Operation.COUNT_TOKENS,
                rc -> InboundContext.BODY_ONLY);
        // Stored responses: the router keeps none, and says so in the Responses format.
        storedResponse(router.get("/v1/responses/:id"));
        storedResponse(router.delete("/v1/responses/:id"));
        storedResponse(router.get("/v1/responses/:id/input_items"));
        storedResponse(router.post("/v1/responses/:id/cancel"));
        route(router, "/v1/messages", Protocol.ANTHROPIC, rc -> InboundContext.BODY_ONLY);
        // Anthropic's count of input tokens; SDKs that add ?beta=true reach it too (the query is not the path).
        route(router, "/v1/messages/count_tokens", Protocol.ANTHROPIC, rc -> Operation.COUNT_TOKENS,
                rc -> InboundContext.BODY_ONLY);
        route(router, "/v1/chat", Protocol.COHERE, rc -> InboundContext.BODY_ONLY);
        route(router, "/v2/chat", Protocol.COHERE_V2, rc -> InboundContext.BODY_ONLY);
        // Embeddings; Gemini's are methods of the model paths below.
        route(router, "/v1/embeddings", Protocol.OPENAI, rc -> Operation.EMBEDDINGS, rc -> InboundContext.BODY_ONLY);
        route(router, "/v1/embed", Protocol.COHERE, rc -> Operation.EMBEDDINGS, rc -> InboundContext.BODY_ONLY);
        route(router, "/v2/embed", Protocol.COHERE_V2, rc -> Operation.EMBEDDINGS, rc -> InboundContext.BODY_ONLY);
        for (String prefix : new String[] {"/v1beta/models/:call", "/v1/models/:call"}) {
            route(router, prefix, Protocol.GEMINI, rc -> ChatGateway.geminiOperation(rc.pathParam("call")),
                    rc -> ChatGateway.geminiContext(rc.pathParam("call"), rc.request().getParam("alt")));
        }
    }

    private void storedResponse(Route route) {
        route.order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(rc -> reply(rc, Protocol.OPENAI_RESPONSES, gateway.storedResponse(rc.request())));
    }

    /** One chat path: the call, and failures in the protocol's format. */
    private void route(Router router, String path, Protocol protocol, Function<RoutingContext, InboundContext> call) {
        route(router, path, protocol, rc -> Operation.CHAT, call);
    }

    /** One path whose {@code operation} may depend on the path (Gemini's): the call, failures in its format. */
    private void route(Router router, String path, Protocol protocol, Function<RoutingContext, Operation> operation,
                       Function<RoutingContext, InboundContext> call) {
        router.post(path).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(rc -> handle(rc, protocol, operation, call))
                .failureHandler(failure(protocol));
    }

    private void handle(RoutingContext rc, Protocol protocol, Function<RoutingContext, Operation> operation,
                        Function<RoutingContext, InboundContext> call) {
        HttpServerRequest request = rc.request();
        InboundContext ctx;
        try {
            ctx = call.apply(rc);
        } catch (RouterException e) {
            reply(rc, protocol, gateway.error(protocol, e.error(), -1));
            return;
        }
        ChatGateway.Admission admission = gateway.admit(protocol, request);
        if (admission.refusal() != null) {
            reply(rc, protocol, admission.refusal());
            return;
        }
        RequestBody.read(request, gateway.maxBodyBytes(),
                body -> RoutedResponseWriter.write(rc, protocol,
                        gateway.route(admission, protocol, body, request, ctx, operation.apply(rc)),
                        gateway),
                () -> reply(rc, protocol, gateway.tooLarge(protocol, -1)));
    }

    private void reply(RoutingContext rc, Protocol protocol, RoutedResponse answer) {
        RoutedResponseWriter.write(rc, protocol, Uni.createFrom().item(answer), gateway);
    }

    /** A failed route answers in the caller's format too: 500, for a failure the router did not turn into one. */
    private Handler<RoutingContext> failure(Protocol protocol) {
        return rc -> {
            if (rc.response().headWritten() || rc.response().closed()) {
                rc.next();
                return;
            }
            LOG.error("Chat route failed outside the router's own error handling", rc.failure());
            reply(rc, protocol, gateway.internalError(protocol));
        };
    }
}
