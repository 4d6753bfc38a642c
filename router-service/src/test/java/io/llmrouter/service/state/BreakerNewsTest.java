package io.llmrouter.service.state;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.selection.PooledEndpoint;
import io.llmrouter.core.testing.EmbeddedRedis;
import io.llmrouter.core.testing.Eventually;
import io.llmrouter.service.config.Tenant;
import io.llmrouter.service.config.TenantRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Breaker news through a real Redis: what this replica sends when a breaker opens, and what it does with what other
 * replicas send (the test publishes as another replica would, on the same channel).
 */
@QuarkusTest
@TestProfile(SharedStateProfile.class)
class BreakerNewsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Inject
    BreakerNews news;
    @Inject
    SharedState state;
    @Inject
    TenantRegistry tenants;
    @Inject
    MeterRegistry registry;

    @Test
    void aBadKeyFoundHereIsToldToTheOtherReplicas() throws Exception {
        awaitSubscribed();
        try (EmbeddedRedis.Subscription channel = RedisResource.redis().subscribe(news.channel())) {
            given().header("Authorization", "Bearer " + SharedStateProfile.KEY).contentType("application/json")
                    .body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .post("/v1/chat/completions")
                    .then().statusCode(200).header("x-router-endpoint", "good").header("x-router-attempts", "2");
            String text = channel.next(PATIENCE);
            assertNotNull(text, "no news within " + PATIENCE);
            JsonNode m = Json.tree(text);
            assertEquals(1, m.get("v").asInt());
            assertEquals(state.replica(), m.get("from").asText());
            assertEquals("news", m.get("tenant").asText());
            assertEquals("bad", m.get("endpoint").asText());
            assertTrue(m.get("model").isNull(), "the endpoint's own breaker");
            assertEquals("bad_key", m.get("reason").asText());
            assertEquals(BreakerNews.fingerprint(endpoint("bad").endpoint()), m.get("fp").asText());
            assertEquals(TimeUnit.SECONDS.toMillis(60), m.get("remainingMs").asLong());
            assertTrue(Math.abs(System.currentTimeMillis() - m.get("sentAt").asLong()) < 60_000);
            assertTrue(text.length() <= BreakerNews.MAX_MESSAGE);
            assertTrue(!text.contains("sim-key-bad"), "the upstream key is never sent");
        }
    }

    @Test
    void newsFromAnotherReplicaOpensTheBreakerHereAndIsNotSentAgain() throws Exception {
        awaitSubscribed();
        PooledEndpoint spare = endpoint("spare");
        try (EmbeddedRedis.Subscription channel = RedisResource.redis().subscribe(news.channel())) {
            double applied = count("applied");
            publish(message("replica-b-1a2b3c", "spare", BreakerNews.fingerprint(spare.endpoint()), 30_000));
            await(() -> count("applied") > applied);
            assertTrue(spare.breaker().isOpen());
            assertTrue(spare.breaker().remainingOpenNanos() <= Duration.ofSeconds(30).toNanos());
            management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'router-config' }.data.'news.spare'", equalTo("OPEN"));
            // What arrives on the channel after the test's own message: a marker, and no word from this replica.
            assertEquals("replica-b-1a2b3c", Json.tree(channel.next(PATIENCE)).get("from").asText());
            publish("marker");
            assertEquals("marker", channel.next(PATIENCE), "a learned open is not sent again");
        }
    }

    @Test
    void ownStaleForeignAndMalformedNewsIsIgnored() throws Exception {
        awaitSubscribed();
        PooledEndpoint good = endpoint("good");
        String fp = BreakerNews.fingerprint(good.endpoint());
        ignored("ignored_own", message(state.replica(), "good", fp, 30_000));
        ignored("ignored_fp", message("replica-b-1a2b3c", "good", "0123456789abcdef", 30_000));
        ignored("ignored_unknown", message("replica-b-1a2b3c", "elsewhere", fp, 30_000));
        ignored("ignored_stale", message("replica-b-1a2b3c", "good", fp, 30_000)
                .replaceFirst("\"sentAt\":\\d+", "\"sentAt\":" + (System.currentTimeMillis() - 120_000)));
        ignored("ignored_invalid", message("replica-b-1a2b3c", "good", fp, 0));
        ignored("ignored_invalid", "not json");
        ignored("ignored_invalid", "{\"v\":1,\"pad\":\"" + "x".repeat(BreakerNews.MAX_MESSAGE) + "\"}");
        assertEquals(false, good.breaker().isOpen(), "nothing of that opened anything");
    }

    private void ignored(String result, String message) {
        double before = count(result);
        publish(message);
        await(() -> count(result) > before);
    }

    private static String message(String from, String endpoint, String fp, long remainingMs) {
        return "{\"v\":1,\"from\":\"" + from + "\",\"tenant\":\"news\",\"endpoint\":\"" + endpoint
                + "\",\"model\":null,\"fp\":\"" + fp + "\",\"reason\":\"bad_key\",\"remainingMs\":" + remainingMs
                + ",\"sentAt\":" + System.currentTimeMillis() + "}";
    }

    private void publish(String message) {
        RedisResource.redis().call("PUBLISH", news.channel(), message);
    }

    private double count(String result) {
        return registry.get("router_breaker_news").tag("result", result).counter().count();
    }

    private PooledEndpoint endpoint(String name) {
        for (Tenant t : tenants.tenants()) {
            for (PooledEndpoint pe : t.pool().endpoints()) {
                if (t.name().equals("news") && pe.name().equals(name)) {
                    return pe;
                }
            }
        }
        throw new AssertionError("no endpoint " + name);
    }

    private void awaitSubscribed() {
        await(news::subscribed);
    }

    /** Waits for a condition, at most {@link #PATIENCE}. */
    static void await(BooleanSupplier condition) {
        Eventually.await(PATIENCE, condition, () -> "condition not met");
    }

    static RequestSpecification management() {
        return given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class));
    }

}
