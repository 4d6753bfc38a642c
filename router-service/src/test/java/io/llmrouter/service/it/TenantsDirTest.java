package io.llmrouter.service.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** Tenants from {@code router.tenants-dir} route like tenants from application.properties. */
@QuarkusTest
@TestProfile(TenantsDirProfile.class)
class TenantsDirTest {

    @Test
    void bothTenantFilesRoute() {
        Clients.openai("alpha-key", "alpha-model").then().statusCode(200)
                .header("x-router-endpoint", "alpha-openai")
                .body("choices[0].message.content", containsString("simulated"));
        Clients.openai("beta-key", "beta-model").then().statusCode(200)
                .header("x-router-endpoint", "beta-cohere")
                .body("choices[0].message.content", containsString("simulated"));
        // Each key sees only its own tenant's models.
        Clients.openai("alpha-key", "beta-model").then().statusCode(404);
        given().header("Authorization", "Bearer beta-key").get("/v1/models").then().statusCode(200)
                .body("data.id", equalTo(java.util.List.of("beta-model")));
    }
}
