package io.llmrouter.service.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.service.config.TenantReloader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A reload under calls in flight: a unary call and a stream held open at the upstream while the tenant file changes
 * its endpoint, upstream and inbound key finish on the endpoint they started with; new calls see the new tenant.
 */
@QuarkusTest
@TestProfile(ReloadProfile.class)
class ReloadTest {

    @Inject
    TenantReloader reloader;

    private static CompletableFuture<HttpResponse<String>> send(String key, boolean stream) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port
                        + "/v1/chat/completions")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Clients.openaiBody("reload-model", stream))).build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void callsInFlightFinishOnTheConfigurationTheyStartedWith() throws Exception {
        CompletableFuture<HttpResponse<String>> unary = send("reload-key-1", false);
        CompletableFuture<HttpResponse<String>> stream = send("reload-key-1", true);
        ReloadProfile.upstream.awaitArrivals(2);

        ReloadProfile.volume.publish(Map.of("reload.properties",
                ReloadProfile.tenant("reload-key-2", "second", "fresh")));
        assertEquals(TenantReloader.Outcome.CHANGING, reloader.poll());
        assertEquals(TenantReloader.Outcome.APPLIED, reloader.poll());

        Clients.openai("reload-key-1", "reload-model").then().statusCode(401);
        Clients.openai("reload-key-2", "reload-model").then().statusCode(200)
                .header("x-router-endpoint", "second")
                .body("choices[0].message.content", equalTo("answered by fresh"));

        ReloadProfile.upstream.release();
        HttpResponse<String> u = unary.get(30, TimeUnit.SECONDS);
        assertEquals(200, u.statusCode(), u.body());
        assertEquals("first", u.headers().firstValue("x-router-endpoint").orElseThrow());
        assertTrue(u.body().contains("answered by held-old"), u.body());
        HttpResponse<String> s = stream.get(30, TimeUnit.SECONDS);
        assertEquals(200, s.statusCode(), s.body());
        assertEquals("first", s.headers().firstValue("x-router-endpoint").orElseThrow());
        assertTrue(s.body().contains("answered by held-old") && s.body().contains("[DONE]"), s.body());

        Clients.management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'router-config' }.data.'config.generation'", equalTo(2))
                .body("checks.find { it.name == 'router-config' }.data.'config.rejected'", equalTo(false))
                .body("checks.find { it.name == 'router-config' }.data.'reload.second'", equalTo("CLOSED"));
        given().header("Authorization", "Bearer reload-key-2").get("/v1/models").then().statusCode(200)
                .body("data.id", equalTo(java.util.List.of("reload-model")));
    }

    @Test
    void aRefusedChangeLeavesReadinessUpAndSaysSo() {
        int generation = Clients.management().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'router-config' }.data.'config.generation'");
        ReloadProfile.volume.publish(Map.of("reload.properties", ReloadProfile.tenant("reload-key-3", "third", "fresh")
                + "router.tenants.reload.endpoints.third.input-prise=0.1\n"));
        assertEquals(TenantReloader.Outcome.CHANGING, reloader.poll());
        assertEquals(TenantReloader.Outcome.REJECTED, reloader.poll());
        Clients.management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'router-config' }.data.'config.generation'", equalTo(generation))
                .body("checks.find { it.name == 'router-config' }.data.'config.rejected'", equalTo(true));
        Clients.management().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("router_config_rejected 1.0"))
                .body(org.hamcrest.Matchers.containsString("router_config_reloads_total{result=\"rejected\"} 1.0"));
        Clients.openai("reload-key-3", "reload-model").then().statusCode(401);
    }
}
