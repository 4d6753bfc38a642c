package io.llmrouter.service.resource;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.InboundContext;
import io.llmrouter.core.routing.RoutedResponse;
import io.llmrouter.service.config.RouterConfig;
import io.llmrouter.service.config.RouterConfig.Http.FrontDoor;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The chat routes as Vert.x Web routes, ordered ahead of RESTEasy so that they answer these paths (the default,
 * {@code router.http.front-door=vertx}). Measured against the same calls through {@link ChatResource}, this front door
 * costs less router CPU per non-streamed call (docs/benchmarks.md, "Settings and what they cost"): no JAX-RS reader
 * and writer lookups per body, no request-scope activation, and the answer goes out as one write with a
 * Content-Length instead of a one-item chunked stream. It also reports streams abandoned by their caller as done to
 * Quarkus, whose graceful shutdown otherwise waits for them. Everything a call means is in {@link ChatGateway}; this
 * class only reads the body and hands the answer to {@link RoutedResponseWriter}.
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
        route(router, "/v1/chat/completions", Protocol.OPENAI,
                (rc, body) -> gateway.handle(Protocol.OPENAI, body, rc.request(), InboundContext.BODY_ONLY));
        route(router, "/v1/messages", Protocol.ANTHROPIC,
                (rc, body) -> gateway.handle(Protocol.ANTHROPIC, body, rc.request(), InboundContext.BODY_ONLY));
        route(router, "/v1/chat", Protocol.COHERE,
                (rc, body) -> gateway.handle(Protocol.COHERE, body, rc.request(), InboundContext.BODY_ONLY));
        route(router, "/v2/chat", Protocol.COHERE_V2,
                (rc, body) -> gateway.handle(Protocol.COHERE_V2, body, rc.request(), InboundContext.BODY_ONLY));
        for (String prefix : new String[] {"/v1beta/models/:call", "/v1/models/:call"}) {
            route(router, prefix, Protocol.GEMINI, (rc, body) -> {
                HttpServerRequest request = rc.request();
                return gateway.handleGemini(rc.pathParam("call"), request.getParam("alt"), body, request);
            });
        }
    }

    /** One chat path: its body handler, the call, and failures (an oversized body) in the protocol's format. */
    private void route(Router router, String path, Protocol protocol, Call call) {
        // The body handler refuses a body over the router's limit while reading it (failing the context with 413),
        // instead of buffering up to the HTTP layer's hard cap first.
        router.post(path).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(BodyHandler.create(false).setBodyLimit(gateway.maxBodyBytes()))
                .handler(rc -> RoutedResponseWriter.write(rc, protocol, handle(rc, protocol, call), gateway))
                .failureHandler(failure(protocol));
    }

    private Uni<RoutedResponse> handle(RoutingContext rc, Protocol protocol, Call call) {
        Buffer body = rc.body().buffer();
        if (body == null && isMultipart(rc.request())) {
            // The body handler decodes multipart form data into attributes and keeps no body.
            return gateway.refuse(protocol, rc.request(), "Multipart form data is not a chat request: "
                    + "send the JSON body with Content-Type: application/json");
        }
        return call.handle(rc, body == null ? new byte[0] : body.getBytes());
    }

    private static boolean isMultipart(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.regionMatches(true, 0, "multipart/", 0, 10);
    }

    /** A failed route answers in the caller's format too: 413 from the body handler, 500 for anything else. */
    private Handler<RoutingContext> failure(Protocol protocol) {
        return rc -> {
            if (rc.response().headWritten() || rc.response().closed()) {
                rc.next();
                return;
            }
            RoutedResponse answer;
            if (rc.statusCode() == 413) {
                answer = gateway.tooLarge(protocol, -1);
            } else {
                LOG.error("Chat route failed outside the router's own error handling", rc.failure());
                answer = gateway.internalError(protocol);
            }
            RoutedResponseWriter.write(rc, protocol, Uni.createFrom().item(answer), gateway);
        };
    }

    /** What one chat path does with the request and its body. */
    @FunctionalInterface
    private interface Call {
        Uni<RoutedResponse> handle(RoutingContext rc, byte[] body);
    }
}
