package io.llmrouter.service.unrouted;

import io.llmrouter.service.gateway.CallerProtocol;
import io.llmrouter.api.Protocol;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.Echo;
import io.llmrouter.api.error.ErrorKind;
import io.llmrouter.core.routing.Replies;
import io.llmrouter.core.routing.RoutedResponse;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Requests that no route serves: a 404 for an unknown path, a 405 for a route called with the wrong method, each in
 * the protocol the caller most likely speaks, instead of Vert.x's HTML page or an empty body. The most common cause
 * is an SDK pointed at the wrong base URL (an OpenAI SDK's must end in {@code /v1}), so the message lists the routes
 * and names the one the caller probably meant. Quarkus REST serves the root path, so every request that the Vert.x
 * chat routes ({@code ChatRoutes}) and Quarkus' own endpoints leave reaches JAX-RS, whose 404 and 405 these mappers
 * write.
 */
@Singleton
public class UnroutedRequests {

    private static final String ROUTES = "POST /v1/chat/completions, POST /v1/responses and "
            + "POST /v1/responses/input_tokens (OpenAI), "
            + "POST /v1/messages and POST /v1/messages/count_tokens (Anthropic), "
            + "POST /v1beta/models/{model}:generateContent, :streamGenerateContent or :countTokens (Gemini), "
            + "POST /v1/chat and "
            + "POST /v2/chat (Cohere), GET /v1/models and GET /v1/models/{model} (any of the four), "
            + "GET /v1beta/models and GET /v1beta/models/{model} (Gemini)";
    /** The routes without a path parameter: a 405's metrics tag, and what a base URL off by one {@code /v1} meant. */
    private static final List<String> FIXED_ROUTES = List.of("/v1/chat/completions", "/v1/responses",
            "/v1/responses/input_tokens", "/v1/messages", "/v1/messages/count_tokens", "/v1/chat", "/v2/chat",
            "/v1/models", "/v1beta/models");
    /** The Vert.x context local Quarkus' HTTP metrics read a request's uri tag from (as Quarkus REST writes it). */
    private static final String METRICS_URI_TEMPLATE = "UrlPathTemplate";
    /** Echoed paths are cut here: the message is for a person reading it, not a place to reflect a whole URL. */
    private static final int MAX_ECHOED_PATH = 200;

    private final Replies replies;

    @Inject
    public UnroutedRequests(Replies replies) {
        this.replies = replies;
    }

    /** No resource method serves the path. */
    @ServerExceptionMapper
    public Response jaxRsNotFound(NotFoundException e, HttpServerRequest request) {
        return response(unknownRoute(request));
    }

    /** JAX-RS has the path, for other methods: {@code GET /v1/chat/completions}, {@code POST /v1/models}. */
    @ServerExceptionMapper
    public Response jaxRsNotAllowed(NotAllowedException e, HttpServerRequest request) {
        Context context = Vertx.currentContext();
        if (context != null) {
            // Quarkus' metrics binder would tag this request's uri with its raw path, one series per model name
            // tried (GET /v1beta/models/<anything>:generateContent); it reads a template from here instead.
            context.putLocal(METRICS_URI_TEMPLATE, uriTemplate(request.path()));
        }
        return response(notAllowed(request));
    }

    private static Answer unknownRoute(HttpServerRequest request) {
        StringBuilder message = new StringBuilder("No route for ").append(request.method()).append(' ')
                .append(Echo.of(request.path(), MAX_ECHOED_PATH)).append(". This router serves ").append(ROUTES).append('.');
        String meant = meant(request.path());
        if (meant != null) {
            message.append(" Did you mean ").append(meant).append("? Check the base URL given to the SDK: "
                    + "OpenAI's ends in /v1, Anthropic's, Gemini's and Cohere's do not.");
        }
        return new Answer(CallerProtocol.of(request), ApiError.of(ErrorKind.UNKNOWN_ROUTE, message.toString()), null);
    }

    private static Answer notAllowed(HttpServerRequest request) {
        String path = request.path();
        // GET lists or retrieves models, POST calls Gemini's methods on one ({model}:generateContent); a stored
        // response's routes (each refused: the router keeps no response state) take what OpenAI's do.
        String allowed = "/v1/models".equals(path) || "/v1beta/models".equals(path) ? "GET"
                : path.startsWith("/v1/models/") || path.startsWith("/v1beta/models/") ? modelMethods(path)
                : path.startsWith("/v1/responses/") ? storedResponseMethods(path) : "POST";
        String message = "Method " + request.method() + " is not allowed for " + Echo.of(path, MAX_ECHOED_PATH) + ": use " + allowed;
        return new Answer(CallerProtocol.of(request), ApiError.of(ErrorKind.METHOD_NOT_ALLOWED, message), allowed);
    }

    /** {@code models/{model}:<method>} takes POST, {@code models/{model}} GET too; the colon may come encoded. */
    private static String modelMethods(String path) {
        return path.indexOf(':') > 0 || path.toUpperCase(Locale.ROOT).contains("%3A") ? "POST" : "GET, POST";
    }

    private static String storedResponseMethods(String path) {
        return path.endsWith("/cancel") ? "POST" : path.endsWith("/input_items") ? "GET" : "GET, DELETE";
    }

    /** The route a path missed by a base URL's version prefix, one too few or one too many; else null. */
    private static String meant(String path) {
        String candidate = path.startsWith("/v1/v1/") ? path.substring(3) : "/v1" + path;
        return FIXED_ROUTES.contains(candidate) || candidate.startsWith("/v1/models/") && candidate.indexOf(':') > 0
                ? candidate : null;
    }

    /**
     * A bounded uri tag for a 405: the route's template, as its successful calls are tagged, else the path's first
     * segment. A 405 only comes from a path a JAX-RS resource declares, so those segments are few.
     */
    private static String uriTemplate(String path) {
        if (path.startsWith("/v1beta/models/")) {
            return "/v1beta/models/{call}";
        }
        if (path.startsWith("/v1/models/")) {
            return "/v1/models/{call}";
        }
        if (path.startsWith("/v1/responses/")) {
            return "/v1/responses/{id}";
        }
        if (FIXED_ROUTES.contains(path)) {
            return path;
        }
        int second = path.indexOf('/', 1);
        return (second < 0 ? path : path.substring(0, second)) + "/*";
    }

    private Response response(Answer answer) {
        RoutedResponse.Complete error = replies.refuse(answer.protocol(), answer.error());
        Response.ResponseBuilder builder = Response.status(error.status()).type(error.contentType())
                .entity(error.body());
        if (answer.allow() != null) {
            builder.header(HttpHeaders.ALLOW, answer.allow());
        }
        return builder.build();
    }

    /** One refusal: the caller's protocol, the error, and the method to name in {@code Allow} (405 only). */
    private record Answer(Protocol protocol, ApiError error, String allow) {
    }
}
