package io.llmrouter.service.packaged;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.testing.Eventually;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Two packaged routers on one Redis (replica a started by @QuarkusIntegrationTest, b by {@link TwoRoutersResource}):
 * one limit and one budget hold for both together, and what one replica learns about an upstream, the other knows
 * within about a second, without paying for it.
 */
@QuarkusIntegrationTest
@WithTestResource(TwoRoutersResource.class)
class TwoRoutersIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String BODY = "{\"model\":\"pair-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static Response chat(int port) {
        return chat(port, TwoRoutersResource.KEY, BODY);
    }

    private static Response chat(int port, String key, String body) {
        return given().port(port).header("Authorization", "Bearer " + key)
                .contentType("application/json").body(body).post("/v1/chat/completions");
    }

    private static int port(int i) {
        return i % 2 == 0 ? RestAssured.port : TwoRoutersResource.portB();
    }

    /**
     * A replica on Redis starts without a WARN or an ERROR (Quarkus' Redis extension registers the client's pool gauges
     * twice; the console drops that warning), and exports each of those gauges once.
     */
    @Test
    void aReplicaOnRedisStartsCleanAndExportsItsPoolGaugesOnce() throws IOException {
        List<String> startUp = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("target", "replica-b.log"))) {
            startUp.add(line);
            if (line.contains(" started in ")) {
                break;
            }
        }
        assertTrue(startUp.get(startUp.size() - 1).contains(" started in "), "no start-up line: " + startUp);
        assertEquals(List.of(), startUp.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList());
        String metrics = given().port(TwoRoutersResource.managementB()).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertEquals(1, metrics.lines().filter(l -> l.startsWith("redis_pool_queue_size{")).count(), metrics);
        assertEquals(1, metrics.lines().filter(l -> l.startsWith("redis_pool_active{")).count(), metrics);
    }

    @Test
    void oneRequestsPerMinuteLimitHoldsForBothReplicasTogether() throws Exception {
        int calls = 3 * TwoRoutersResource.RPM;
        String body = "{\"model\":\"any\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int i = 0; i < calls; i++) {
                int port = port(i);
                answers.add(CompletableFuture.supplyAsync(
                        () -> chat(port, "limited-inbound-key-7e21", body).statusCode(), pool));
            }
            int served = 0;
            int refused = 0;
            for (CompletableFuture<Integer> a : answers) {
                int status = a.get();
                served += status == 200 ? 1 : 0;
                refused += status == 429 ? 1 : 0;
            }
            // The calls may straddle a minute's end: every window touched holds the limit, and they add up.
            List<String> windows = List.of(TwoRoutersResource.redis().call("KEYS", "llm-router:{limited}:rpm:tenant:*")
                    .split("\n")).stream().filter(k -> !k.endsWith(":spent")).toList();
            long claimed = 0;
            for (String w : windows) {
                long c = Long.parseLong(TwoRoutersResource.redis().call("GET", w));
                assertTrue(c <= TwoRoutersResource.RPM, w + " claimed " + c);
                claimed += c;
            }
            System.out.printf("TWO ROUTERS requests-per-minute %d: %d calls over both replicas, %d served, %d refused,"
                    + " %d window(s), claimed %d%n", TwoRoutersResource.RPM, calls, served, refused, windows.size(),
                    claimed);
            assertEquals(calls, served + refused);
            assertTrue(served <= TwoRoutersResource.RPM * windows.size(), "served " + served);
            assertTrue(served <= claimed, "a replica serves only what Redis granted");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void oneBudgetHoldsForBothReplicasTogether() {
        String body = "{\"model\":\"any\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        double spent = 0;
        double dearest = 0;
        int servedA = 0;
        int servedB = 0;
        boolean[] refused = new boolean[2];
        for (int i = 0; i < 200 && !(refused[0] && refused[1]); i++) {
            Response r = chat(port(i), "spender-inbound-key-7e21", body);
            if (r.statusCode() == 200) {
                double cost = Double.parseDouble(r.header("x-router-cost-usd"));
                spent += cost;
                dearest = Math.max(dearest, cost);
                if (i % 2 == 0) {
                    servedA++;
                } else {
                    servedB++;
                }
            } else {
                assertEquals(429, r.statusCode(), r.asString());
                assertTrue(r.asString().contains("Budget exceeded"), r.asString());
                refused[i % 2] = true;
            }
        }
        System.out.printf("TWO ROUTERS budget USD %.4f: spent USD %.4f (a %d calls, b %d calls, dearest call %.4f)%n",
                TwoRoutersResource.BUDGET_USD, spent, servedA, servedB, dearest);
        assertTrue(refused[0] && refused[1], "both replicas refuse once the budget is spent");
        // Each replica admits while its lease is positive: at most about one call each past the budget.
        assertTrue(spent <= TwoRoutersResource.BUDGET_USD + 2 * dearest, "spent " + spent);
        assertTrue(spent >= TwoRoutersResource.BUDGET_USD / 2, "spent " + spent + ": capacity was left unused");
        assertTrue(servedA > 0 && servedB > 0);
    }

    private static String breakerOnB(String endpoint) {
        return given().port(TwoRoutersResource.managementB()).get("/q/health/ready").then().statusCode(200)
                .extract().path("checks.find { it.name == 'router-config' }.data.'pair." + endpoint + "'");
    }

    @Test
    void aBadKeyFoundByOneReplicaOpensTheEndpointOnTheOther() throws Exception {
        given().port(ConfigProvider.getConfig().getValue("quarkus.management.port", Integer.class))
                .get("/q/health/group/state-store").then().statusCode(200).body("status", equalTo("UP"));
        assertEquals("CLOSED", breakerOnB("bad"));
        chat(RestAssured.port).then().statusCode(200).header("x-router-endpoint", "good")
                .header("x-router-attempts", "2");
        Eventually.await(PATIENCE, () -> "OPEN".equals(breakerOnB("bad")),
                () -> "replica b did not learn of the bad key");
        chat(TwoRoutersResource.portB()).then().statusCode(200).header("x-router-endpoint", "good")
                .header("x-router-attempts", "1");
        assertEquals("CLOSED", breakerOnB("good"));
    }
}
