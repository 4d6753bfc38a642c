package io.llmrouter.service.state;

import static io.llmrouter.service.state.BreakerNewsTest.await;
import static io.llmrouter.service.state.BreakerNewsTest.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.testing.CapturedLog;
import io.llmrouter.service.it.ManualWallClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

/**
 * {@code on-store-failure} with Redis stopped under the running application: the tenant failing closed serves the
 * calls its lease already holds, then refuses with 503 (Anthropic's 529) and {@code Retry-After: 1} in the caller's
 * format, counted as {@code store_unavailable}; the tenant failing open goes on counting locally; both serve again once
 * Redis is back. The outage's one WARN names the tenant failing closed.
 */
@QuarkusTest
@TestProfile(StoreFailureProfile.class)
class StoreFailureTest {

    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final int WARM_UP = 4;
    /** A record's message with its parameters filled in, as a handler writes it. */
    private static final PatternFormatter MESSAGE = new PatternFormatter("%s");

    @Inject
    MeterRegistry registry;

    private static Response openai(String key) {
        return given().header("Authorization", "Bearer " + key).contentType("application/json").body(CHAT)
                .post("/v1/chat/completions");
    }

    private static Response anthropic(String key) {
        return given().header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .contentType("application/json")
                .body("{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages");
    }

    /** Requests the store granted tenant {@code tenant} in the clock's minute: what its lease was given. */
    private static long claimed(String tenant) {
        long minute = ManualWallClock.START.truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
        return Long.parseLong(RedisResource.redis().call("GET", "llm-router:{" + tenant + "}:rpm:tenant:" + minute));
    }

    private double refusals(String tenant) {
        var counter = registry.find("router_refusals").tag("tenant", tenant).tag("reason", "store_unavailable")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aTenantFailingClosedServesWhatItHoldsThenRefusesWhileOneFailingOpenGoesOn() {
        for (int i = 0; i < WARM_UP; i++) {
            openai(StoreFailureProfile.OPEN_KEY).then().statusCode(200);
            openai(StoreFailureProfile.CLOSED_KEY).then().statusCode(200);
        }
        long held = claimed("closed") - WARM_UP;
        long heldOpen = claimed("open") - WARM_UP;
        assertTrue(held > 0 && heldOpen > 0, "the leases hold requests not used yet: " + held + ", " + heldOpen);
        List<LogRecord> log = CapturedLog.of(StoreStatus.class, () -> {
            RedisResource.redis().stop();
            try {
                await(() -> management().get("/q/health/group/state-store").statusCode() == 503);
                int served = 0;
                while (served <= held && openai(StoreFailureProfile.CLOSED_KEY).statusCode() == 200) {
                    served++;
                }
                assertEquals(held, served, "the closed tenant serves what its lease holds, and no more");
                openai(StoreFailureProfile.CLOSED_KEY).then().statusCode(503).header("Retry-After", "1")
                        .body("error.message", containsString("Limits cannot be checked now"));
                // Anthropic's clients know "unavailable" as 529 overloaded_error, and retry it.
                anthropic(StoreFailureProfile.CLOSED_KEY).then().statusCode(529).header("Retry-After", "1")
                        .body("type", equalTo("error")).body("error.type", equalTo("overloaded_error"))
                        .body("error.message", containsString("Limits cannot be checked now"));
                for (int i = 0; i < 3 * heldOpen; i++) {
                    openai(StoreFailureProfile.OPEN_KEY).then().statusCode(200);
                }
                assertEquals(3.0, refusals("closed"), "the call that ended the loop and the two after it");
                assertEquals(0.0, refusals("open"));
            } finally {
                RedisResource.redis().restart();
            }
            await(() -> management().get("/q/health/group/state-store").statusCode() == 200);
        });
        await(() -> openai(StoreFailureProfile.CLOSED_KEY).statusCode() == 200);
        List<String> warnings = log.stream().filter(r -> r.getLevel().intValue() == Level.WARNING.intValue())
                .map(MESSAGE::format).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).endsWith("tenants failing closed, which refuse calls that need it: closed; it is "
                + "tried again every PT0.2S"), warnings.get(0));
    }
}
