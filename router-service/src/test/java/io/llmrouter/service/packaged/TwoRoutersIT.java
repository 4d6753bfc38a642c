package io.llmrouter.service.packaged;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Two packaged routers on one Redis (replica a started by @QuarkusIntegrationTest, b by {@link TwoRoutersResource}):
 * what one replica learns about an upstream, the other knows within about a second, without paying for it.
 */
@QuarkusIntegrationTest
@WithTestResource(TwoRoutersResource.class)
class TwoRoutersIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String BODY = "{\"model\":\"pair-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static Response chat(int port) {
        return given().port(port).header("Authorization", "Bearer " + TwoRoutersResource.KEY)
                .contentType("application/json").body(BODY).post("/v1/chat/completions");
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
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!"OPEN".equals(breakerOnB("bad"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("replica b did not learn of the bad key within " + PATIENCE);
            }
            Thread.sleep(20);
        }
        chat(TwoRoutersResource.portB()).then().statusCode(200).header("x-router-endpoint", "good")
                .header("x-router-attempts", "1");
        assertEquals("CLOSED", breakerOnB("good"));
    }
}
