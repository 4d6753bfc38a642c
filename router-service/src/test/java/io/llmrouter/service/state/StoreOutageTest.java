package io.llmrouter.service.state;

import static io.llmrouter.service.state.BreakerNewsTest.await;
import static io.llmrouter.service.state.BreakerNewsTest.management;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.core.testing.CapturedLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped under the running application and started again: the store's own health group goes DOWN and comes
 * back, readiness never moves, the outage is logged once and its end once, and the news subscription is made again.
 */
@QuarkusTest
@TestProfile(SharedStateProfile.class)
class StoreOutageTest {

    @Inject
    SharedState state;
    @Inject
    BreakerNews news;
    @Inject
    MeterRegistry registry;

    @Test
    void anOutageTakesTheStoreGroupDownButNeverReadiness() {
        await(news::subscribed);
        management().get("/q/health/group/state-store").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0].data.store", equalTo("redis"))
                .body("checks[0].data.breakerNews", equalTo("listening"));
        List<LogRecord> log = CapturedLog.of(StoreStatus.class, () -> {
            RedisResource.redis().stop();
            try {
                await(() -> management().get("/q/health/group/state-store").statusCode() == 503);
                for (int i = 0; i < 5; i++) {
                    management().get("/q/health/group/state-store").then().statusCode(503)
                            .body("status", equalTo("DOWN")).body("checks[0].data.outageSince", notNullValue());
                    management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
                }
                assertEquals(0.0, gauge());
            } finally {
                RedisResource.redis().restart();
            }
            await(() -> management().get("/q/health/group/state-store").statusCode() == 200);
        });
        assertEquals(1.0, gauge());
        assertEquals(1, log.stream().filter(r -> r.getLevel().intValue() == Level.WARNING.intValue()).count(), "one WARN per outage");
        assertEquals(1, log.stream().filter(r -> r.getLevel().intValue() == Level.INFO.intValue()).count(), "one INFO at its end");
        // The news subscription is made again: a message is received (and ignored: it names no endpoint here).
        await(news::subscribed);
        double unknown = registry.get("router_breaker_news").tag("result", "ignored_unknown").counter().count();
        await(() -> {
            RedisResource.redis().call("PUBLISH", news.channel(), "{\"v\":1,\"from\":\"elsewhere\",\"tenant\":\"none\","
                    + "\"endpoint\":\"none\",\"model\":null,\"fp\":\"0\",\"remainingMs\":1000,\"sentAt\":"
                    + System.currentTimeMillis() + "}");
            return registry.get("router_breaker_news").tag("result", "ignored_unknown").counter().count() > unknown;
        });
    }

    private double gauge() {
        return registry.get("router_state_store_up").tag("store", "redis").gauge().value();
    }
}
