package io.llmrouter.service.routes;

import io.llmrouter.service.gateway.CallerProtocol;
import io.llmrouter.service.gateway.ChatGateway;
import io.llmrouter.api.Protocol;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Refuses a request whose declared {@code Content-Length} is over {@code router.limits.max-body-size}, on any path
 * and through either front door, before anything reads its body: 413 in the caller's format, then the connection is
 * closed rather than the upload read to its end. It runs ahead of Quarkus' own check of its hard cap
 * ({@code quarkus.http.limits.max-body-size}), which answers an empty 413; that cap remains for chunked bodies, which
 * declare no length and are counted as they arrive.
 */
@Singleton
public class BodyLimit {

    private final ChatGateway gateway;

    @Inject
    public BodyLimit(ChatGateway gateway) {
        this.gateway = gateway;
    }

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext rc) {
        long declared = DeclaredLength.of(rc.request());
        if (declared <= gateway.maxBodyBytes()) {
            rc.next();
            return;
        }
        Protocol protocol = CallerProtocol.of(rc.request());
        RoutedResponseWriter.write(rc, protocol, Uni.createFrom().item(gateway.tooLarge(protocol, declared)), gateway);
    }
}
