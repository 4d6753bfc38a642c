package io.llmrouter.service.health;

import io.llmrouter.service.state.BreakerNews;
import io.llmrouter.service.state.SharedState;
import io.llmrouter.service.state.StoreStatus;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Group {@code state-store} ({@code /q/health/group/state-store}): UP with the local store; with Redis, UP while it
 * answers a PING within {@code router.state.redis.timeout}, DOWN during an outage, with when it began. Never part of
 * readiness: an outage of the limiter must not take every replica out of the load balancer (calls go on without it),
 * which is also why Quarkus' own Redis readiness check is turned off ({@code quarkus.redis.health.enabled=false}).
 */
@HealthGroup("state-store")
@ApplicationScoped
public class StateStoreHealth implements AsyncHealthCheck {

    private final SharedState state;
    private final BreakerNews news;

    @Inject
    public StateStoreHealth(SharedState state, BreakerNews news) {
        this.state = state;
        this.news = news;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        StoreStatus status = state.status();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("state-store").withData("store", status.store());
        if (!state.settings().shared()) {
            return Uni.createFrom().item(b.up().build());
        }
        b.withData("replica", state.replica()).withData("breakerNews", news.subscribed() ? "listening" : "not listening");
        return state.ping().onItemOrFailure().transform((pong, failure) -> {
            Instant since = status.outageSince();
            if (since != null) {
                b.withData("outageSince", since.toString());
            }
            return b.status(failure == null).build();
        });
    }
}
